# Two commands on a fresh machine:  make demo  (set up, start Neo4j, load seed/, print answers, draw charts)
#                                   make test  (set up, start a test server, run the whole suite)
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
ORGRAPH := $(VENV)/bin/orgraph
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
OUT ?= out

.PHONY: setup system demo answers charts test seed bench db-start db-stop clean

setup: system $(VENV)/.installed

# Debian packages, installed only when missing: graphviz and fonts that cover Cyrillic and
# Georgian (charts), poppler-utils (tests read printed charts back), Java 17 and Maven (the managed
# Neo4j server from Maven Central), Chromium and its driver (the browser tests and benchmark of the web view).
system:
	@missing=""; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	fc-list 2>/dev/null | grep -q DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	fc-list 2>/dev/null | grep -q DejaVuSans-ExtraLight || missing="$$missing fonts-dejavu-extra"; \
	fc-list :lang=ka 2>/dev/null | grep -qi noto || missing="$$missing fonts-noto-core"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	{ java -version 2>&1 | grep -Eq 'version "(17|21)' || ls /usr/lib/jvm/*/bin/java 2>/dev/null | grep -Eq -- '-(17|21)-'; } \
	  || missing="$$missing openjdk-17-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

db-start: setup
	$(ORGRAPH) db start

db-stop:
	$(ORGRAPH) db stop

# The main job: the managed server, every org file in seed/, answers, charts.
demo: db-start
	$(ORGRAPH) load seed/*.yaml
	$(MAKE) --no-print-directory answers charts

answers:
	$(ORGRAPH) orgs
	bash seed/demo-answers.sh $(ORGRAPH)

charts:
	mkdir -p $(OUT)
	bash seed/demo-charts.sh $(ORGRAPH) $(OUT)

# The whole suite against a real Neo4j (its own managed server on port 7688, or $$NEO4J_URI).
test: setup
	$(PY) -m pytest

# Re-extract seed/ from the documents in ../shared.
seed: setup
	$(PY) -m tools.seedfiles

bench: db-start
	$(ORGRAPH) bench

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis *.egg-info
