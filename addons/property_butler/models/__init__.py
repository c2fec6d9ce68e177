# Models arrive with the butler issue (KEY, HND, PRF, VIS, VAC).
