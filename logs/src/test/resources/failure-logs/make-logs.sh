#!/usr/bin/env bash
# Regenerates the labelled failure-log corpus in this directory by really
# running the tools on small broken projects kept under make-logs/.
#
#   ./make-logs.sh                  all scenarios, runs 1-3, then scenarios.tsv + queries.tsv
#   ./make-logs.sh ID [ID ...]      only these scenarios (the TSV files are rebuilt from all logs)
#   ./make-logs.sh --index          only rebuild scenarios.tsv and queries.tsv
#   ./make-logs.sh --verify         only check the logs and queries (also done after generating)
#
# Environment knobs:
#   SCRATCH      where the per-run temp directories are made   (default /tmp/failure-logs-work)
#   TOOLS_DIR    where jest is npm-installed once               (default $SCRATCH/tools)
#   JDK17_HOME   JDK used by most Java scenarios                (default /usr/lib/jvm/java-17-openjdk-amd64)
#   JDK25_HOME   JDK used by the "jdk=25" scenarios             (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   MVN_ONLINE=1 let Maven reach Maven Central (default: offline, -o)
#   ROUND_PAUSE  seconds to wait between the three rounds       (default 5)
#   KEEP=1       keep the per-run temp directories
#
# Every log is the combined stdout+stderr of the real command.  Runs of one
# scenario differ the way CI runs do: each runs in its own fresh mktemp -d
# directory, at another time (all scenarios' run 1, then all run 2, then all
# run 3), the programs draw their own random values (UUIDs, ports, seeds, ids),
# one run of each scenario has a few comment lines inserted above the failing
# code (the "@@PAD@@" marker), some runs force colour and some runs get a
# GitHub-Actions-style timestamp on every line (stamped live, as lines arrive).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TPL=$HERE/make-logs
OUT=$HERE
SCRATCH=${SCRATCH:-/tmp/failure-logs-work}
TOOLS_DIR=${TOOLS_DIR:-$SCRATCH/tools}
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROUND_PAUSE=${ROUND_PAUSE:-5}
mkdir -p "$SCRATCH"

if [[ ${MVN_ONLINE:-} == 1 ]]; then MVN="mvn -B -ntp"; else MVN="mvn -B -ntp -o"; fi
JEST="$TOOLS_DIR/jest/node_modules/.bin/jest"

# ---------------------------------------------------------------------------
# Scenario table.
#   def ID TOOL DESCRIPTION COMMAND OPTIONS SINGLE_LINE_QUERY MULTI_LINE_QUERY
# COMMAND runs with bash in the run's temp directory; $COLOR is "1" in runs
# that force colour.  OPTIONS (space separated):
#   pad=N        run N gets extra comment lines above the failing code
#   color=1,3    runs that force colour output
#   ts=2,3       runs whose lines get a GitHub-Actions timestamp prefix
#   jdk=17|25    JDK on PATH / JAVA_HOME
#   artifact=X   Maven artifactId (the pom comes from make-logs/common/pom.xml)
#   release=N    maven.compiler.release
#   envN=K=V     extra environment variable for run N
# SINGLE_LINE_QUERY: a Python regex; the first matching (cleaned) line is the query.
# MULTI_LINE_QUERY:  "N|regex"; N consecutive lines from the first match.
# ---------------------------------------------------------------------------
IDS=()
declare -A TOOL DESC CMD OPTS QSINGLE QMULTI
def() {
    IDS+=("$1"); TOOL[$1]=$2; DESC[$1]=$3; CMD[$1]=$4; OPTS[$1]=$5; QSINGLE[$1]=$6; QMULTI[$1]=$7
}

MVN_TEST='$MVN ${COLOR:+-Dstyle.color=always} test'

def maven-compile-missing-symbol-cart maven \
    "Maven compile error: cannot find symbol, variable discountRate in CartService.total()" \
    "$MVN_TEST" "pad=2 ts=3 artifact=shop-cart" \
    'CartService\.java:\[\d+,\d+\] cannot find symbol' \
    '3|CartService\.java:\[\d+,\d+\] cannot find symbol'

def maven-compile-missing-symbol-invoice maven \
    "Maven compile error: cannot find symbol, method formatCurrency(BigDecimal) in InvoiceRenderer.renderSummary() (near miss of the cart one)" \
    "$MVN_TEST" "pad=3 ts=1 artifact=billing" \
    'InvoiceRenderer\.java:\[\d+,\d+\] cannot find symbol' \
    '3|InvoiceRenderer\.java:\[\d+,\d+\] cannot find symbol'

def maven-compile-incompatible-types maven \
    "Maven compile error: incompatible types, String cannot be converted to int in OrderParser.parse()" \
    "$MVN_TEST" "pad=2 color=1,3 ts=3 artifact=orders" \
    'OrderParser\.java:\[\d+,\d+\] incompatible types' \
    '2|^\[ERROR\] Failed to execute goal .*Compilation failure'

def maven-compile-missing-semicolon maven \
    "Maven compile error: ';' expected in ShippingQuote.quote()" \
    "$MVN_TEST" "pad=1 artifact=shipping" \
    "ShippingQuote\\.java:\\[\\d+,\\d+\\] ';' expected" \
    '2|^\[ERROR\] Failed to execute goal .*Compilation failure'

def maven-test-assert-equals-total maven \
    "Surefire failure: assertEquals 119.00 vs 100.00 in PriceCalculatorTest.totalIncludesVat (VAT never added)" \
    "$MVN_TEST" "pad=2 color=2,3 ts=2 artifact=pricing" \
    '^org\.opentest4j\.AssertionFailedError: total for order' \
    '2|^\[ERROR\] Failures:'

def maven-test-assert-equals-inventory maven \
    "Surefire failure: assertEquals 7 vs 10 in StockLedgerTest.reserveDecrementsAvailableStock (near miss of the VAT one)" \
    "$MVN_TEST" "pad=2 ts=1 artifact=inventory" \
    '^org\.opentest4j\.AssertionFailedError: available stock in' \
    '4|^\[ERROR\] dev\.inventory\.StockLedgerTest\.reserveDecrementsAvailableStock'

def maven-test-npe-coupon maven \
    "Surefire error: NullPointerException in CouponService.applyCoupon (coupon.trim() on null) called from CheckoutTest" \
    "$MVN_TEST" "pad=3 ts=3 artifact=checkout" \
    '^java\.lang\.NullPointerException: Cannot invoke' \
    '3|^java\.lang\.NullPointerException: Cannot invoke'

def maven-test-npe-customer-lookup maven \
    "Surefire error: NullPointerException in CustomerDirectory.emailOf (Map.get returned null) called from CustomerDirectoryTest (near miss of the coupon NPE)" \
    "$MVN_TEST" "pad=2 color=1 artifact=crm" \
    '^java\.lang\.NullPointerException: Cannot invoke' \
    '3|^java\.lang\.NullPointerException: Cannot invoke'

def maven-test-illegal-state-pool maven \
    "Surefire error on JDK 25: IllegalStateException 'pool orders-db exhausted' thrown by ConnectionPool.acquire (random port in message)" \
    "$MVN_TEST" "pad=2 ts=2,3 jdk=25 release=25 artifact=orders-db" \
    '^java\.lang\.IllegalStateException: pool' \
    '3|^java\.lang\.IllegalStateException: pool'

def maven-test-timeout-report maven \
    "Surefire failure: assertTimeout 250 ms exceeded by a random amount in ReportGeneratorTest.monthlyReportIsFastEnough" \
    "$MVN_TEST" "pad=3 artifact=reports" \
    'execution exceeded timeout of 250 ms by' \
    '3|^\[ERROR\] dev\.reports\.ReportGeneratorTest\.monthlyReportIsFastEnough'

def java-uncaught-config-number-format java \
    "java (JDK 25) dies: IllegalStateException caused by ConfigException caused by NumberFormatException for 'forty'" \
    'javac -d build/classes $(find src -name "*.java") && java -cp build/classes app.Main app.properties' \
    "pad=2 ts=3 jdk=25" \
    '^Caused by: java\.lang\.NumberFormatException' \
    '3|^Exception in thread "main"'

def java-uncaught-connect-refused java \
    "java (JDK 17) dies: IllegalStateException caused by UncheckedIOException caused by ConnectException: Connection refused (random port)" \
    'javac -d build/classes $(find src -name "*.java") && java -cp build/classes metrics.Exporter' \
    "pad=2 ts=1" \
    '^Caused by: java\.net\.ConnectException' \
    '3|^Caused by: java\.io\.UncheckedIOException'

def javac-cannot-find-symbol-csvwriter javac \
    "javac (JDK 17) error: cannot find symbol, class CsvWriter in ReportJob.java (third 'cannot find symbol' near miss)" \
    'javac -Xlint:all -d build/classes $(find "$PWD/src" -name "*.java")' \
    "pad=3" \
    'ReportJob\.java:\d+: error: cannot find symbol' \
    '4|ReportJob\.java:\d+: error: cannot find symbol'

def javac-unreported-ioexception javac \
    "javac (JDK 25) error: unreported exception IOException in SnapshotWriter.write()" \
    'javac --release 25 -Xlint:all -d build/classes $(find "$PWD/src" -name "*.java")' \
    "pad=2 ts=2 jdk=25" \
    'error: unreported exception' \
    '3|error: unreported exception'

def python-keyerror-settings python \
    "python traceback: KeyError 'DATABASE_URL' in deploy.settings.load_settings" \
    'env -u DATABASE_URL python3 -m deploy.main' \
    "pad=2 ts=3" \
    '^KeyError:' \
    '4|in load_settings$'

def python-keyerror-stock-sku python \
    "python traceback: KeyError for a random unknown SKU in stock.reserve_stock (near miss of the settings KeyError)" \
    'python3 "$PWD/stock.py"' \
    "pad=1 ts=2" \
    '^KeyError:' \
    '4|in reserve_stock$'

def python-zerodivision-latency python \
    "python traceback: ZeroDivisionError in reports.stats.mean on an empty sample list" \
    'python3 -m reports.latency' \
    "pad=2" \
    '^ZeroDivisionError' \
    '4|in mean$'

def python-custom-exception-payment python \
    "python traceback: PaymentDeclinedError raised from ValueError (exception chain) in payments.charge" \
    'python3 "$PWD/payments.py"' \
    "pad=3 ts=1" \
    '^PaymentDeclinedError: card ending' \
    '2|^\s+raise PaymentDeclinedError'

def pytest-assert-slugify pytest \
    "pytest failure: assert 'hello,-world!' == 'hello-world' in tests/test_slugs.py::test_punctuation_is_removed" \
    'python3 -m pytest -p no:cacheprovider ${COLOR:+--color=yes} tests' \
    "pad=2 color=1,2,3 ts=2" \
    '^FAILED tests/test_slugs\.py::' \
    '2|^>\s+assert slugify'

def python-unittest-split-bill unittest \
    "python -m unittest failure: assertEqual lists differ in SplitBillTest.test_remainder_goes_to_first_person" \
    'python3 -m unittest -v test_billing' \
    "pad=2 ts=3" \
    '^AssertionError: Lists differ' \
    '3|in test_remainder_goes_to_first_person$'

def node-typeerror-undefined-email node \
    "node uncaught TypeError: Cannot read properties of undefined (reading 'email') in buildNotification" \
    'node src/notify.js' \
    "pad=2 ts=3" \
    "^TypeError: Cannot read properties of undefined" \
    "3|^TypeError: Cannot read properties of undefined"

def node-referenceerror-retry node \
    "node unhandled ReferenceError: retryCount is not defined in withRetry (async)" \
    'node src/sync.js' \
    "pad=3 ts=1" \
    '^ReferenceError: retryCount is not defined' \
    '2|^ReferenceError: retryCount is not defined'

def jest-tobe-discount jest \
    "jest failure: expect(applyDiscount(130, 'SPRING')).toBe(110.5), received 120" \
    '"$JEST" --ci ${COLOR:+--colors} --rootDir "$PWD"' \
    "pad=2 color=3 ts=3" \
    'applyDiscount › takes 15% off with SPRING' \
    '2|^\s*Expected: 110\.5$'

def jest-toequal-cart-summary jest \
    "jest failure: expect(summarize(cart)).toEqual({...currency: 'EUR'}), received currency USD (near miss of the toBe one)" \
    '"$JEST" --ci ${COLOR:+--colors} --rootDir "$PWD"' \
    "pad=1 color=2,3 ts=2" \
    '● summarizes cart totals in the cart currency' \
    '2|^\s*-\s+"currency": "EUR",'

def gcc-undeclared-buffer-len gcc \
    "gcc compile error: 'buffer_len' undeclared in frame_decode (frame.c)" \
    'mkdir -p build && gcc -std=c11 -Wall -Wextra ${COLOR:+-fdiagnostics-color=always} -c "$PWD/src/frame.c" -o build/frame.o' \
    "pad=2 color=3 ts=1" \
    "error: .buffer_len. undeclared" \
    "3|error: .buffer_len. undeclared"

def gxx-no-member-transpose g++ \
    "g++ compile error: 'class Matrix' has no member named 'transpose' in solver.cpp" \
    'mkdir -p build && g++ -std=c++17 -Wall -O2 ${COLOR:+-fdiagnostics-color=always} -o build/solver "$PWD/src/solver.cpp"' \
    "pad=2 color=1 ts=2" \
    "has no member named .transpose." \
    "3|has no member named .transpose."

def c-assert-ringbuffer-overflow gcc \
    "C program aborts: assert(rb->count < rb->capacity) failed in rb_push (ring buffer overflow, random seed)" \
    'mkdir -p build && gcc -std=c11 -g -Wall -o build/ring "$PWD/src/ring.c" && ./build/ring; exit $?' \
    "pad=2 ts=3" \
    "Assertion .rb->count < rb->capacity. failed" \
    "2|Assertion .rb->count < rb->capacity. failed"

def rustc-e0308-mismatched-port rustc \
    "rustc error[E0308]: mismatched types, expected u16 found String in bind_address" \
    'mkdir -p target && rustc --edition 2021 ${COLOR:+--color always} -o target/server "$PWD/src/main.rs"' \
    "pad=2 color=2 ts=3" \
    '^error\[E0308\]: mismatched types' \
    '2|^error\[E0308\]: mismatched types'

def rustc-e0425-unresolved-retry-limit rustc \
    "rustc error[E0425]: cannot find value retry_limit in this scope in backoff" \
    'mkdir -p target && rustc --edition 2021 ${COLOR:+--color always} -o target/backoff "$PWD/src/main.rs"' \
    "pad=3 ts=1" \
    '^error\[E0425\]: cannot find value' \
    '2|^error\[E0425\]: cannot find value'

def cargo-test-assert-eq-ledger cargo \
    "cargo test failure: assert_eq!(b.balance, 550) left 547 in tests::transfer_moves_full_amount (process id in message)" \
    'cargo test --offline ${COLOR:+--color always}' \
    "pad=2 color=1,3 ts=3 env3=RUST_BACKTRACE=1" \
    'assertion `left == right` failed: receiver balance in batch' \
    "4|^thread 'tests::transfer_moves_full_amount' .*panicked at"

def cargo-test-unwrap-none-config cargo \
    "cargo test failure: called Option::unwrap() on a None value in request_timeout (tests::reads_request_timeout)" \
    'cargo test --offline ${COLOR:+--color always}' \
    "pad=2 ts=2 env3=RUST_BACKTRACE=1" \
    'called `Option::unwrap\(\)` on a `None` value' \
    "2|^thread 'tests::reads_request_timeout' .*panicked at"

# ---------------------------------------------------------------------------
opt() { # opt ID KEY -> value or empty
    local o
    for o in ${OPTS[$1]}; do [[ $o == "$2="* ]] && { echo "${o#*=}"; return; }; done
}
in_list() { [[ ",$2," == *",$1,"* ]]; }

# Prefix every line with the current UTC time the way downloaded Actions logs look.
ts_prefix() {
    perl -MTime::HiRes=time -MPOSIX=strftime -e '$|=1; while (my $l = <STDIN>) {
        my $t = time; $l .= "\n" unless $l =~ /\n\z/;
        printf "%s.%07dZ %s", strftime("%Y-%m-%dT%H:%M:%S", gmtime($t)), int(($t - int($t)) * 1e7), $l; }'
}

# Replace each "@@PAD@@" marker line: drop it, or (padding run) turn it into a few comment lines.
pad_sources() { # dir npad
    local f
    grep -rl '@@PAD@@' "$1" 2>/dev/null | while read -r f; do
        PADN=$2 perl -i -ne '
            my @notes = ("NOTE: see RELENG-412 before changing this", "keep in sync with the upstream contract",
                         "reviewed during the 2026.11 release audit", "TODO: move to the shared helpers once stable",
                         "perf: measured on the nightly benchmark box");
            if (/^(\s*)(.*?)\@\@PAD\@\@(.*)$/) {
                my ($ind, $pre, $post) = ($1, $2, $3);
                for my $i (1 .. $ENV{PADN}) { print "$ind$pre$notes[($i - 1) % @notes]$post\n"; }
                print "\n" if $ENV{PADN} > 0;
            } else { print; }' "$f"
    done
}

ensure_jest() {
    [[ -x $JEST ]] && return
    mkdir -p "$TOOLS_DIR/jest"
    (cd "$TOOLS_DIR/jest" && { [[ -f package.json ]] || echo '{"name":"jest-tools","private":true}' > package.json; } \
        && npm install --no-audit --no-fund jest@29.7.0 >/dev/null 2>&1) || { echo "npm install jest failed" >&2; return 1; }
}

do_run() { # ID RUN
    local id=$1 run=$2 dir jdk npad color="" ts="" envs=() e
    dir=$(mktemp -d -p "$SCRATCH" build.XXXXXXXX)
    cp -r "$TPL/$id/." "$dir/"
    if [[ ${TOOL[$id]} == maven ]]; then
        local release; release=$(opt "$id" release)
        sed -e "s/@@ARTIFACT@@/$(opt "$id" artifact)/" -e "s/@@RELEASE@@/${release:-17}/" \
            "$TPL/common/pom.xml" > "$dir/pom.xml"
    fi
    npad=0
    if [[ $(opt "$id" pad) == "$run" ]]; then npad=$((2 + RANDOM % 4)); fi
    pad_sources "$dir" "$npad"
    in_list "$run" "$(opt "$id" color)" && color=1
    in_list "$run" "$(opt "$id" ts)" && ts=1
    jdk=$(opt "$id" jdk); [[ $jdk == 25 ]] && jdk=$JDK25_HOME || jdk=$JDK17_HOME
    e=$(opt "$id" "env$run"); [[ -n $e ]] && envs+=("$e")
    [[ ${TOOL[$id]} == jest ]] && { ensure_jest || return 1; }
    mkdir -p "$OUT/$id"
    local log="$OUT/$id/run-$run.log"
    (
        cd "$dir" || exit 99
        unset RUST_BACKTRACE NO_COLOR FORCE_COLOR
        export JAVA_HOME=$jdk PATH="$jdk/bin:$PATH" COLOR=$color MVN JEST CI=true PYTHONUNBUFFERED=1
        [[ ${#envs[@]} -gt 0 ]] && export "${envs[@]}"
        if [[ -n $ts ]]; then
            bash --noprofile --norc -o pipefail -c "${CMD[$id]}" 2>&1 | ts_prefix
        else
            bash --noprofile --norc -o pipefail -c "${CMD[$id]}" 2>&1
        fi
    ) > "$log"
    local rc=$?
    printf '%-40s run-%s rc=%-3s pad=%s color=%s ts=%s %s\n' "$id" "$run" "$rc" "$npad" "${color:-0}" "${ts:-0}" "$dir" >&2
    [[ ${KEEP:-} == 1 ]] || rm -rf "$dir"
}

write_index() {
    {
        printf 'scenario\ttool\tdescription\n'
        local id; for id in "${IDS[@]}"; do printf '%s\t%s\t%s\n' "$id" "${TOOL[$id]}" "${DESC[$id]}"; done
    } > "$OUT/scenarios.tsv"
    local n=0 id run q spec status=0
    {
        printf 'scenario\trun\tquery\n'
        for id in "${IDS[@]}"; do
            n=$((n + 1))
            for run in 1 2 3; do
                [[ -f $OUT/$id/run-$run.log ]] || continue
                # alternate single-line and multi-line queries so about half are of each kind
                if (( (n + run) % 2 == 0 )); then
                    q=$(python3 "$TPL/lib/query.py" "$OUT/$id/run-$run.log" line "${QSINGLE[$id]}") || status=1
                else
                    spec=${QMULTI[$id]}
                    q=$(python3 "$TPL/lib/query.py" "$OUT/$id/run-$run.log" lines "${spec#*|}" "${spec%%|*}") || status=1
                fi
                printf '%s\t%s\t%s\n' "$id" "$run" "$q"
            done
        done
    } > "$OUT/queries.tsv"
    return $status
}

verify() {
    local id run status=0
    # every run must show its failure: the single-line query pattern must match in all three runs
    for id in "${IDS[@]}"; do
        for run in 1 2 3; do
            python3 "$TPL/lib/query.py" "$OUT/$id/run-$run.log" line "${QSINGLE[$id]}" >/dev/null || status=1
        done
    done
    python3 "$TPL/lib/verify.py" "$OUT" || status=1
    return $status
}

main() {
    local selected=() id run
    if [[ ${1:-} == --index ]]; then write_index; return; fi
    if [[ ${1:-} == --verify ]]; then verify; return; fi
    if [[ $# -gt 0 ]]; then selected=("$@"); else selected=("${IDS[@]}"); fi
    for id in "${selected[@]}"; do [[ -n ${TOOL[$id]:-} ]] || { echo "unknown scenario $id" >&2; return 2; }; done
    for run in 1 2 3; do
        for id in "${selected[@]}"; do do_run "$id" "$run"; done
        [[ $run -lt 3 ]] && sleep "$ROUND_PAUSE"
    done
    write_index && verify
}

main "$@"
