"""No import cycles, module by module, across app/, db/ and ui/.

Imports under `if TYPE_CHECKING:` and imports inside functions count: a cycle held
apart only by where an import is written is still a cycle. The folder-level rules
(and the layers) are import-linter contracts in pyproject.toml, run by `make test`.
"""

import grimp

ROOTS = ("app", "db", "ui")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """One cycle, as a closed path of module names, for each knot of modules that
    import one another (a strongly connected component, found by Tarjan's method)."""
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[list[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, iter(imports[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, todo = work[-1]
            for nxt in todo:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(imports[nxt])))
                    break
                if nxt in on_stack:
                    low[module] = min(low[module], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    knot = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        knot.append(member)
                        if member == module:
                            break
                    if len(knot) > 1:
                        knots.append(sorted(knot))
    found = []
    for knot in knots:
        first = knot[0]
        second = next(m for m in imports[first] if m in knot)
        back = graph.find_shortest_chain(importer=second, imported=first)
        assert back is not None
        found.append([first, *back])
    return found


def test_no_module_imports_itself_round_a_loop():
    graph = grimp.build_graph(*ROOTS, exclude_type_checking_imports=False, cache_dir=None)
    assert "app.keys.session" in graph.modules and "ui.application" in graph.modules
    found = [" -> ".join(loop) for loop in cycles(graph)]
    assert found == [], "import cycles: " + "; ".join(found)


def test_a_loop_is_found_and_named():
    # The check itself can fail: the cycle issue 13 removed, and a longer one.
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("app.keys.session", "app.keys.rekey"),
        ("app.keys.rekey", "app.keys.session"),
        ("app.a", "app.b"),
        ("app.b", "app.c"),
        ("app.c", "app.a"),
        ("app.c", "app.core.errors"),
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert sorted(cycles(graph)) == [
        ["app.a", "app.b", "app.c", "app.a"],
        ["app.keys.rekey", "app.keys.session", "app.keys.rekey"],
    ]
