"""Helpers of scripts/mutation.sh (mutation testing with mutmut 3 on a throw-away copy of the portal).

`prepare MODULE` (run in the copy, never in the checkout):
  * mutmut 3 skips every decorated function, and the portal's services (`@transaction.atomic`) and predicates
    (`@rules.predicate`) are decorated. In the copy, a module-level `@decorator` above `def name` becomes
    `name = decorator(name)` after the function: the same object under the same name, built in the same order, so
    behaviour is unchanged, and mutmut can put its trampoline inside the decorator.
  * appends to the copy's `[tool.mutmut]` which file to mutate and which tests run for it: the app's tests plus the
    authorization matrix (mutmut then picks, per mutated function, the tests that called it in its stats run).
  * gives the copy's tests one migrated SQLite database, copied per session (scripts/mutation_db.py).

`report COPY MODULE SECONDS ...` (after `mutmut run`): kills per module. A mutant whose only change lies inside a
message is counted apart as a "message" mutant and left out of the score: the arguments of `_()`, `gettext()`,
`ngettext()`, and the whole message of a raised error (`raise WorkflowError(_("...") % {...})`, mutated into
`WorkflowError(None)` or into other values in the text), and likewise the reason of a predicate's refusal
(`refused(_("..."))`, mutated into `refused(None)`). The wording of messages is for translators and
reviewers, not for tests. Every other mutant counts,
including the strings that are behaviour (audit actions, URL names, field names, notification kinds).
"""

import ast
import json
import os
import sys
from pathlib import Path

MESSAGE_FUNCTIONS = {"_", "gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "pgettext", "npgettext"}
REASON_FUNCTIONS = {"refused"}  # core.rules.refused(reason): an object predicate's "why not", said to the user
# MUTATION_MATRIX=0 leaves the authorization matrix (one test of about 40 s, run for every mutant that survives the
# app's tests in a function it calls) out of the selection: a quicker run whose kill rates are lower bounds.
TEST_SELECTION_EXTRA = (
    [] if os.environ.get("MUTATION_MATRIX") == "0" else ["tests/security/test_authorization_matrix.py"]
)
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


def message_spans(tree):
    """Where each message is: gettext calls, with the values that `%` puts in them."""
    messages = [node for node in ast.walk(tree) if _is_message(node)]
    return [((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)) for n in messages]


def mark_message_lines(path):
    """Put `# pragma: no mutate` on each line where nothing but a message starts, so that mutmut spends no time on
    mutants of wording (the report would leave them out anyway). Returns how many lines were marked."""
    source = Path(path).read_text()
    tree = ast.parse(source)
    spans = message_spans(tree)
    inside = {line for (first, _c), (last, _e) in spans for line in range(first, last + 1)}

    def in_message(node):
        start, end = (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)
        return any(first <= start and end <= last for first, last in spans)

    other = {n.lineno for n in ast.walk(tree) if hasattr(n, "end_lineno") and not in_message(n)}
    strings = set()  # lines inside a multi-line string, where a comment would change the text
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.end_lineno > node.lineno:
            strings.update(range(node.lineno + 1, node.end_lineno + 1))
    lines = source.splitlines()
    marked = sorted(inside - other - strings)
    for line in marked:
        lines[line - 1] += "  # pragma: no mutate"
    Path(path).write_text("\n".join(lines) + "\n")
    return len(marked)


def test_selection(module):
    app = module.split("/")[0]
    tests = [f"tests/{app}"] if Path(f"tests/{app}").is_dir() else []
    return tests + TEST_SELECTION_EXTRA


def prepare(module):
    count = unwrap_decorators(module)
    marked = mark_message_lines(module)
    pyproject = Path("pyproject.toml")
    text = pyproject.read_text()
    last_table = [line for line in text.splitlines() if line.startswith("[")][-1]
    assert last_table == "[tool.mutmut]", "[tool.mutmut] must be the last table of pyproject.toml"
    text += f"only_mutate = {json.dumps([module])}\n"
    text += f"pytest_add_cli_args_test_selection = {json.dumps(test_selection(module))}\n"
    pyproject.write_text(text)
    with Path("tests/conftest.py").open("a") as conftest:
        conftest.write("\n\nfrom scripts.mutation_db import django_db_modify_db_settings  # noqa: E402,F401\n")
    print(f"{module}: {count} decorated functions made mutable, {marked} message lines not mutated")
    print(f"tests: {' '.join(test_selection(module))}")


def _is_message(node):
    """A gettext call, or one formatted with `%`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MESSAGE_FUNCTIONS


def _normalised(function):
    """The function's AST with every message call replaced by one placeholder."""

    class Blank(ast.NodeTransformer):
        def visit_Call(self, node):
            if _is_message(node):
                return ast.Constant("<message>")
            if isinstance(node.func, ast.Name) and node.func.id in REASON_FUNCTIONS and node.args:
                # `refused(_("..."))`, a predicate's reason, mutated into `refused(None)`: the wording again.
                first = node.args[0]
                if _is_message(first) or (isinstance(first, ast.Constant) and first.value is None):
                    node.args[0] = ast.Constant("<message>")
            return self.generic_visit(node)

        def visit_Raise(self, node):
            # `raise WorkflowError(_("...") % {...})`: the whole first argument is the message (what it says and
            # the values it shows), whatever a mutant puts in its place.
            if isinstance(node.exc, ast.Call):
                args = node.exc.args
                if not args:
                    args.append(ast.Constant("<message>"))
                elif _is_message(args[0]) or (isinstance(args[0], ast.Constant) and args[0].value is None):
                    args[0] = ast.Constant("<message>")
            return self.generic_visit(node)

    function = Blank().visit(function)
    function.name = "f"
    return ast.dump(function)


def classify(copy, module):
    """{mutant name: (status, is_message)} from mutmut's meta file and its mutated copy of the module."""
    meta = json.loads(Path(copy, "mutants", f"{module}.meta").read_text())
    tree = ast.parse(Path(copy, "mutants", module).read_text())
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    nodes = tree.body + [node for cls in classes for node in cls.body]  # methods get mutants in their class
    functions = {node.name: node for node in nodes if isinstance(node, ast.FunctionDef)}
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
        unchecked = sum(1 for s, _message in mutants.values() if s == "not checked")
        counted = {k: s for k, (s, message) in mutants.items() if not message and s != "not checked"}
        messages = sum(1 for s, message in mutants.values() if message and s != "not checked")
        killed = sum(1 for s in counted.values() if s in ("killed", "timeout"))
        total = len(counted)
        percent = 100.0 * killed / total if total else 100.0
        survivors = sorted(k for k, s in counted.items() if s not in ("killed", "timeout"))
        rows.append((module, killed, total, percent, messages, unchecked, elapsed, survivors))
    print(f"\n{'module':28} {'killed/total':>13} {'%':>6} {'messages':>9} {'unchecked':>9} {'time':>7}")
    for module, killed, total, percent, messages, unchecked, elapsed, _survivors in rows:
        print(f"{module:28} {killed:>6}/{total:<6} {percent:6.1f} {messages:>9} {unchecked:>9} {elapsed:>6}s")
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
    elif command == "has-functions":  # mutmut mutates only inside functions; rules.py of add_rule calls has none
        tree = ast.parse(Path(args[0]).read_text())
        sys.exit(0 if any(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) for n in tree.body) else 1)
    elif command == "report":
        sys.exit(0 if report([args[i : i + 3] for i in range(0, len(args), 3)]) else 1)
