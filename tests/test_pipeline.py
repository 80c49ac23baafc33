"""The pipeline's division of work among worker processes."""


def test_small_directories_travel_to_workers_together():
    """Each pool task is a round trip: a directory of many files goes alone, small
    ones are batched, and every file is in exactly one task, largest first."""
    from gofixer.discover import Target
    from gofixer.pipeline import _work_units

    def group(d, n):
        return [Target(f"{d}/{i}.go", f"/r/{d}/{i}.go") for i in range(n)]

    groups = [group("big", 40), group("mid", 16), *(group(f"s{i}", 3) for i in range(9))]
    units = _work_units(groups)
    assert [len(u) for u in units] == [40, 16, 18, 9]
    assert sorted(t.path for u in units for t in u) == sorted(t.path for g in groups for t in g)
