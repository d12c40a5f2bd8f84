"""Helpers of scripts/mutation.sh (mutation testing with mutmut 3 on a throw-away copy of the portal).

`prepare MODULE` (run in the copy, never in the checkout):
  * mutmut 3 skips every decorated function, and the portal's services (`@transaction.atomic`) and predicates
    (`@rules.predicate`) are decorated. In the copy, a module-level `@decorator` above `def name` becomes
    `name = decorator(name)` after the function: the same object under the same name, built in the same order, so
    behaviour is unchanged, and mutmut can put its trampoline inside the decorator.
  * appends to the copy's `[tool.mutmut]` which file to mutate and which tests run for it: the app's tests plus the
    authorization matrix (mutmut then picks, per mutated function, the tests that called it in its stats run).
  * gives the copy's tests one migrated SQLite database, copied per session (scripts/mutation_db.py).

`report MODULE ...` (run in the copy after `mutmut run`): kills per module. A mutant whose only change lies inside a
message (the arguments of `_()`, `gettext()`, `ngettext()`) is counted apart as a "message" mutant and left out of
the score: the wording of messages is for translators and reviewers, not for tests. Every other mutant counts,
including the strings that are behaviour (audit actions, URL names, field names, notification kinds).
"""

import ast
import json
import sys
from pathlib import Path

MESSAGE_FUNCTIONS = {"_", "gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "pgettext", "npgettext"}
TEST_SELECTION_EXTRA = ["tests/security/test_authorization_matrix.py"]
STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    33: "no tests",
    5: "no tests",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    34: "skipped",
    None: "not checked",
}


def unwrap_decorators(path):
    """Rewrite module-level `@deco def f` as `def f` + `f = deco(f)` (innermost decorator applied first)."""
    source = Path(path).read_text()
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    edits = []  # (first decorator line, def line, end line, name, [decorator source])
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            decorators = [ast.get_source_segment(source, d) for d in node.decorator_list]
            first = min(d.lineno for d in node.decorator_list)
            edits.append((first, node.lineno, node.end_lineno, node.name, decorators))
    for first, def_line, end, name, decorators in reversed(edits):
        applied = name
        for decorator in reversed(decorators):
            applied = f"{decorator}({applied})"
        lines[end:end] = [f"{name} = {applied}\n"]
        del lines[first - 1 : def_line - 1]
    Path(path).write_text("".join(lines))
    return len(edits)


def test_selection(module):
    app = module.split("/")[0]
    tests = [f"tests/{app}"] if Path(f"tests/{app}").is_dir() else []
    return tests + TEST_SELECTION_EXTRA


def prepare(module):
    count = unwrap_decorators(module)
    pyproject = Path("pyproject.toml")
    text = pyproject.read_text()
    last_table = [line for line in text.splitlines() if line.startswith("[")][-1]
    assert last_table == "[tool.mutmut]", "[tool.mutmut] must be the last table of pyproject.toml"
    text += f"only_mutate = {json.dumps([module])}\n"
    text += f"pytest_add_cli_args_test_selection = {json.dumps(test_selection(module))}\n"
    pyproject.write_text(text)
    with Path("tests/conftest.py").open("a") as conftest:
        conftest.write("\n\nfrom scripts.mutation_db import django_db_modify_db_settings  # noqa: E402,F401\n")
    print(f"{module}: {count} decorated functions made mutable; tests: {' '.join(test_selection(module))}")


def _normalised(function):
    """The function's AST with every message call replaced by one placeholder."""

    class Blank(ast.NodeTransformer):
        def visit_Call(self, node):
            if isinstance(node.func, ast.Name) and node.func.id in MESSAGE_FUNCTIONS:
                return ast.Constant("<message>")
            return self.generic_visit(node)

    function = Blank().visit(function)
    function.name = "f"
    return ast.dump(function)


def classify(copy, module):
    """{mutant name: (status, is_message)} from mutmut's meta file and its mutated copy of the module."""
    meta = json.loads(Path(copy, "mutants", f"{module}.meta").read_text())
    tree = ast.parse(Path(copy, "mutants", module).read_text())
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    result = {}
    for name, exit_code in meta["exit_code_by_key"].items():
        function_name = name.rsplit(".", 1)[-1]
        original = function_name.rsplit("_", 1)[0] + "_orig"
        is_message = _normalised(functions[function_name]) == _normalised(functions[original])
        result[name] = (STATUS.get(exit_code, "suspicious"), is_message)
    return result


def report(runs):
    """runs: [(copy, module, seconds)]; prints the figures and the survivors; true when each module reaches 85%."""
    rows = []
    for copy, module, elapsed in runs:
        mutants = classify(copy, module)
        counted = {k: s for k, (s, message) in mutants.items() if not message}
        messages = len(mutants) - len(counted)
        killed = sum(1 for s in counted.values() if s in ("killed", "timeout"))
        total = len(counted)
        percent = 100.0 * killed / total if total else 100.0
        survivors = sorted(k for k, s in counted.items() if s not in ("killed", "timeout"))
        rows.append((module, killed, total, percent, messages, elapsed, survivors))
    print(f"\n{'module':28} {'killed/total':>13} {'%':>6} {'messages':>9} {'time':>7}")
    for module, killed, total, percent, messages, elapsed, _survivors in rows:
        print(f"{module:28} {killed:>6}/{total:<6} {percent:6.1f} {messages:>9} {elapsed:>6}s")
    for (copy, *_run), (module, *_figures, survivors) in zip(runs, rows, strict=True):
        if survivors:
            print(f"\n{module}: {len(survivors)} not killed (`mutmut show NAME` in {copy} shows one)")
            for name in survivors:
                print(f"  {name}")
    return all(percent >= 85 for _m, _k, _t, percent, *_rest in rows)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(args[0])
    elif command == "report":
        sys.exit(0 if report([args[i : i + 3] for i in range(0, len(args), 3)]) else 1)
