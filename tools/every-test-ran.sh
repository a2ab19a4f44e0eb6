#!/usr/bin/env bash
# Fails when a test class of a module ran no test: a Pax Exam class without a @Configuration method, a class that
# surefire did not pick up, a runner that found nothing. Surefire passes such a build; this check does not.
#   every-test-ran.sh MODULE_DIR [TEST SKIP_TESTS MAVEN_TEST_SKIP]
# The last three are Maven's -Dtest, -DskipTests and -Dmaven.test.skip, as the build passes them (an unset one comes
# as its own ${...} expression): a run of chosen tests, or of none, is not checked.
# Test classes are the files under src/test/java that surefire includes by default (Test*.java, *Test.java,
# *Tests.java, *TestCase.java), declare a test method and are not abstract. Each needs a report
# target/surefire-reports/TEST-<class>.xml counting at least one test (skipped ones count: a skip says why).
set -euo pipefail
module=$1
set_to() { [ -n "${1:-}" ] && [ "${1:0:2}" != '${' ] && [ "$1" != false ]; }
if set_to "${2:-}" || set_to "${3:-}" || set_to "${4:-}"; then
    exit 0
fi
sources=$module/src/test/java
reports=$module/target/surefire-reports
[ -d "$sources" ] || exit 0
missing=()
while IFS= read -r -d '' file; do
    grep -qE '^\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory)\b' "$file" || continue
    grep -qE '^public abstract class|^abstract class' "$file" && continue
    class=${file#"$sources"/}
    class=${class%.java}
    class=${class//\//.}
    report=$reports/TEST-$class.xml
    tests=
    if [ -f "$report" ]; then
        tests=$(sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)".*/\1/p' "$report" | head -1)
    fi
    if [ -z "$tests" ] || [ "$tests" -eq 0 ]; then
        missing+=("$class")
    fi
done < <(find "$sources" -type f \( -name 'Test*.java' -o -name '*Test.java' -o -name '*Tests.java' \
    -o -name '*TestCase.java' \) -print0)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "These test classes of $module ran no test (no report, or a report of 0 tests):" >&2
    printf '  %s\n' "${missing[@]}" >&2
    echo "A Pax Exam class needs a @Configuration method; check the class's name and annotations." >&2
    exit 1
fi
