"""The dossier list's paged, filtered query."""

from __future__ import annotations

from datetime import datetime

from counter import demo
from counter.services import listing
from counter.services.context import Context
from counter.services.listing import DossierFilter


def test_pages_cover_every_dossier_once(ctx: Context) -> None:
    demo.generate(ctx, 250, end=datetime(2026, 3, 2, 9, 0))
    seen: list[int] = []
    before = None
    while True:
        rows = listing.page(ctx, DossierFilter(), before=before, limit=60)
        if not rows:
            break
        seen += [n for n, _ in rows]
        before = rows[-1][0]
    assert len(seen) == len(set(seen)) == 250 == listing.count(ctx, DossierFilter())
    assert seen == sorted(seen, reverse=True)


def test_filters_match_their_counts(ctx: Context) -> None:
    demo.generate(ctx, 300, end=datetime(2026, 3, 2, 9, 0))
    first = listing.page(ctx, DossierFilter(), limit=1)[0][1]
    name_word = first.applicant_name.split()[-1]
    for f in (
        DossierFilter(status=2),
        DossierFilter(lateness="overdue"),
        DossierFilter(lateness="overdue_no_apology"),
        DossierFilter(lateness="due_today"),
        DossierFilter(lateness="due_next_day"),
        DossierFilter(channel="online"),
        DossierFilter(procedure_code=first.procedure_code),
        DossierFilter(text=name_word),
        DossierFilter(text=name_word, status=int(first.status)),
    ):
        rows = listing.page(ctx, f, limit=1000)
        assert len(rows) == listing.count(ctx, f), f
        for _, view in rows:
            if f.status is not None:
                assert int(view.status) == f.status
            if f.lateness.startswith("overdue"):
                assert view.late
            if f.channel:
                assert view.channel == f.channel
    assert listing.count(ctx, DossierFilter(text=name_word)) >= 1
    assert listing.page(ctx, DossierFilter(text="   ")) == listing.page(
        ctx, DossierFilter(text="!!")
    )


def test_text_filter_matches_procedure_names_too(ctx: Context) -> None:
    from tests.services.helpers import CERTIFY, MARITAL, receive

    certify = receive(ctx, CERTIFY, name="Hà Văn Sáu", id_number="").dossier.code
    receive(ctx, MARITAL, name="Hà Văn Bảy", id_number="")
    rows = listing.page(ctx, DossierFilter(text="ha chung thuc"))
    assert [v.code for _, v in rows] == [certify]
    assert listing.count(ctx, DossierFilter(text="ha chung thuc")) == 1
    assert listing.count(ctx, DossierFilter(text="ha van")) == 2


def test_a_name_matching_every_word_leaves_out_matches_through_the_procedure(
    ctx: Context,
) -> None:
    from tests.services.helpers import CERTIFY, MARITAL, receive

    person = receive(ctx, MARITAL, name="Nguyễn Văn Điệp", id_number="").dossier.code
    # "văn bản" is in the certification procedure's name, "Nguyễn" in her name.
    receive(ctx, CERTIFY, name="Nguyễn Cẩm Vy", id_number="")
    for typed in ("nguyen van", "nguyen van "):
        rows = listing.page(ctx, DossierFilter(text=typed))
        assert [v.code for _, v in rows] == [person], typed
        assert listing.count(ctx, DossierFilter(text=typed)) == 1
    # With no such person, the words are looked for in procedure names too, as before.
    rows = listing.page(ctx, DossierFilter(text="nguyen van ban"))
    assert [v.applicant_name for _, v in rows] == ["Nguyễn Cẩm Vy"]
    assert listing.count(ctx, DossierFilter(text="nguyen chung thuc")) == 1
    # Filters apply before the choice: among refused dossiers there is no such person.
    assert listing.count(ctx, DossierFilter(text="nguyen van", status=3)) == 0


def test_a_selective_filter_beyond_the_walk_still_finds_every_match(
    ctx: Context, monkeypatch
) -> None:
    """The page walks only the newest WALK matches of the words before it lets SQLite plan the
    whole query: matches older than the walk are found all the same, page after page."""
    from tests.services.helpers import CERTIFY, MARITAL, receive

    monkeypatch.setattr(listing, "WALK", 3)
    refused = []
    for i in range(4):
        refused.append(
            receive(ctx, MARITAL, name=f"Phan Thị Mai {i}", id_number="", complete=False)
        )
    for i in range(8):  # newer, accepted: the walk sees only these
        receive(ctx, CERTIFY, name=f"Phan Văn Tùng {i}", id_number="")
    wanted = DossierFilter(text="phan", status=int(refused[0].dossier.status))
    codes = {r.dossier.code for r in refused}
    first = listing.page(ctx, wanted, limit=2)
    rest = listing.page(ctx, wanted, before=first[-1][0], limit=2)
    assert {v.code for _, v in first + rest} == codes
    assert listing.page(ctx, wanted, before=rest[-1][0], limit=2) == []
    assert listing.count(ctx, wanted) == 4
    # Without a filter the walk alone fills the page.
    assert len(listing.page(ctx, DossierFilter(text="phan"), limit=3)) == 3
