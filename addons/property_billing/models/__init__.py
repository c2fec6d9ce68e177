# Models arrive with the billing issue (BIL, PEN, DUN, DEP).
