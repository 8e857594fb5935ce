# rasd build. `make` builds build/rasd and librasd; see README.md for the other targets.
# Every invocation first makes sure the Debian packages are there (silent when they are),
# so that a fresh machine needs only the README's commands. RASD_NO_SETUP=1 skips it.
ifeq ($(RASD_NO_SETUP),)
ifneq ($(MAKECMDGOALS),clean)
SETUP_STATUS := $(shell scripts/setup.sh 1>&2; echo $$?)
ifneq ($(SETUP_STATUS),0)
$(error scripts/setup.sh failed: install the packages it names and try again)
endif
endif
endif
CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
PKGS    := libutf8proc jansson libxml-2.0 sqlite3
WERROR  ?= -Werror
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra $(WERROR) \
           -Iinclude -Isrc -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lstemmer -lm -lpthread
SAN     ?=
CFLAGS  += $(SAN)
LDFLAGS += $(SAN)

LAYERS  := common text quant extract store store/sqlite story export
# The PostgreSQL backend, when its folder is there: src/store/backend.c refers to its
# sb_pg_ops only weakly, so the link names it (-u) for the linker to take it from librasd.a.
comma   := ,
PG_LAYER := $(if $(wildcard src/store/pg/*.c),store/pg)
LAYERS  += $(PG_LAYER)
LDLIBS  += $(if $(PG_LAYER),-Wl$(comma)-u$(comma)sb_pg_ops)
# libpq for the PostgreSQL backend; libnats (no pkg-config file in Debian) for the
# queue commands of the rasd binary (rasd publish, rasd worker).
PKGS    += $(if $(PG_LAYER),libpq)
CLI_LIBS := -lnats
LIB_SRC := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.c))
CLI_SRC := $(wildcard src/cli/*.c) $(wildcard src/serve/*.c)
DATA    := $(sort $(wildcard data/*.tsv))
GEN_C   := $(BUILD)/gen/rasd_data.c
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/rasd_data.o
WEB_C   := $(BUILD)/gen/web_assets.c
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/web_assets.o
# The server (src/serve) is part of build/rasd, not of librasd.
SERVE_LIBS := $(shell pkg-config --libs libmicrohttpd)
PIC_OBJ := $(LIB_OBJ:$(BUILD)/obj/%.o=$(BUILD)/pic/%.o)
TEST_SRC := $(wildcard tests/*/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz-replay/%)
VERSION := 0.1.0

.PHONY: all lib test check bench fuzz eval model-eval demo install clean setup
all: $(BUILD)/rasd $(BUILD)/librasd.a $(BUILD)/librasd.so

setup:
	@scripts/setup.sh

$(GEN_C): $(DATA) scripts/embed-data.sh
	@mkdir -p $(dir $@)
	scripts/embed-data.sh $@ $(DATA)

# The page: scripts/web-build.sh (when there is one) writes $(BUILD)/web/ from web/ and the
# pinned libraries; every file of it is then compiled into build/rasd.  A failed page
# build is said, and the server embeds what there is (web/index.html, else a notice).
WEB_DEPS := $(wildcard web/*) $(wildcard scripts/web-build.sh) $(wildcard package-lock.json) \
            $(wildcard node_modules/.package-lock.json)
$(WEB_C): scripts/embed-web.sh $(WEB_DEPS)
	@mkdir -p $(dir $@)
	@if [ -f scripts/web-build.sh ]; then sh scripts/web-build.sh $(BUILD) || \
	  echo "make: scripts/web-build.sh failed: the page's files are not in build/rasd" >&2; fi
	scripts/embed-web.sh $@ $(BUILD)/web
$(BUILD)/obj/gen/web_assets.o: $(WEB_C)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/rasd_data.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/pic/gen/rasd_data.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c -o $@ $<

$(BUILD)/librasd.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/librasd.so: $(PIC_OBJ)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,librasd.so.0 -o $@ $^ $(LDLIBS)
$(BUILD)/rasd: $(CLI_OBJ) $(BUILD)/librasd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CLI_LIBS) $(SERVE_LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/librasd.a tests/common/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/librasd.a $(LDLIBS) -lcmocka

# The averaged perceptron of the trained-filter experiment (scripts/model-eval.sh).
$(BUILD)/perceptron: tools/perceptron.c tools/perceptron.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lm
$(BUILD)/tests/tools/test_perceptron: tools/perceptron.c tools/perceptron.h

# Each fuzz target with a plain main() that replays its corpus (tests/fuzz/replay.sh).
$(BUILD)/fuzz-replay/%: fuzz/%.c tests/fuzz/replay_main.c $(BUILD)/librasd.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(BUILD)/librasd.a $(LDLIBS)

# The whole suite: unit tests, conformance corpora, case files, golden files, CLI checks,
# fuzz corpora.
test: $(BUILD)/rasd $(TEST_BIN) $(FUZZ_REPLAY)
	@tests/run.sh $(BUILD)
check: test

bench: $(BUILD)/rasd
	@bench/run.sh $(BUILD)

# libFuzzer targets need clang; FUZZ_SECONDS bounds each one.
FUZZ_SECONDS ?= 20
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

eval: $(BUILD)/rasd
	@scripts/eval.sh $(BUILD)/rasd

model-eval: $(BUILD)/rasd $(BUILD)/perceptron
	@scripts/model-eval.sh $(BUILD)/rasd $(BUILD)/perceptron

demo: $(BUILD)/rasd
	@scripts/demo.sh $(BUILD)/rasd

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/rasd $(DESTDIR)$(PREFIX)/bin/rasd
	install -m 644 $(BUILD)/librasd.a $(DESTDIR)$(PREFIX)/lib/librasd.a
	install -m 755 $(BUILD)/librasd.so $(DESTDIR)$(PREFIX)/lib/librasd.so.0
	ln -sf librasd.so.0 $(DESTDIR)$(PREFIX)/lib/librasd.so
	install -m 644 include/rasd.h $(DESTDIR)$(PREFIX)/include/rasd.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' rasd.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/rasd.pc

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(PIC_OBJ:.o=.d)
