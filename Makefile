# Shortcuts; the scripts in bin/ are the real commands (they need no make).
.PHONY: run test i18n bench
run:
	./bin/run
test:
	./bin/test
i18n:
	./bin/i18n
bench:
	./bin/bench
