"""Queries: barcode lookup, search as you type, the timeline and the papers of a dossier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from counter.services import catalogue, intake, queries, workflow
from counter.services.context import Actor, Context
from tests.conftest import Clock
from tests.services.helpers import CERTIFY, MARITAL, all_documents, receive


def test_find_by_scanned_code_tolerates_scanner_noise(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    assert queries.find_by_code(ctx, f"  {code.lower()}\r\n").code == code  # type: ignore[union-attr]
    assert queries.find_by_code(ctx, "000.00.12.H40-260302-0999") is None


def test_search_ignores_tone_marks_and_treats_d_as_d(ctx: Context) -> None:
    duc = receive(ctx, name="Nguyễn Văn Đức", id_number="079090001234").dossier.code
    dao = receive(ctx, CERTIFY, name="Đặng Thị Đào", id_number="001195012345").dossier.code
    receive(ctx, name="Trần Văn Minh", id_number="")
    assert [d.code for d in queries.search(ctx, "nguyen van duc")] == [duc]
    assert [d.code for d in queries.search(ctx, "NGUYỄN VĂN ĐỨC")] == [duc]
    assert [d.code for d in queries.search(ctx, "dang thi dao")] == [dao]
    assert [d.code for d in queries.search(ctx, "đào")] == [dao]
    assert [d.code for d in queries.search(ctx, "0011950")] == [dao]  # ID number prefix
    assert [d.code for d in queries.search(ctx, "ngu")] == [duc]  # as you type
    assert {d.code for d in queries.search(ctx, "chung thuc ban sao")} == {dao}
    assert queries.search(ctx, "   ") == []
    assert queries.search(ctx, '"*) OR (') == []  # FTS syntax is not interpreted


def test_search_lists_name_matches_before_procedure_matches(ctx: Context) -> None:
    by_name = receive(ctx, name="Lê Văn Bản", id_number="").dossier.code
    receive(ctx, CERTIFY, name="Hồ Thị Mai", id_number="")  # "chứng thực bản sao" contains "bản"
    assert queries.search(ctx, "ban")[0].code == by_name


def test_timeline_and_dossier_events(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp")
    entries = queries.timeline(ctx, code)
    assert entries[1].detail == "Trần Thị Thu Hà → Lê Văn Đạt (Tư pháp)"
    assert entries[0].actor == "Trần Thị Thu Hà"  # the full name, not the login "motcua"
    view, events = queries.dossier_events(ctx, code)
    assert view.code == code and [e.type for e in events] == ["received", "transferred"]
    assert events[0].payload["applicant"]["full_name"] == "Nguyễn Văn Đức"


def test_words_typed_before_the_last_are_whole_words(ctx: Context) -> None:
    tran = receive(ctx, name="Trần Thị Hoa", id_number="").dossier.code
    trang = receive(ctx, name="Trang Thị Hà", id_number="").dossier.code
    assert {d.code for d in queries.search(ctx, "tran")} == {tran, trang}  # still typing
    assert {d.code for d in queries.search(ctx, "tran ")} == {tran}  # the word is complete
    assert [d.code for d in queries.search(ctx, "tran th")] == [tran]
    assert [d.code for d in queries.search(ctx, "thi h")] == [trang, tran]  # newest first


def test_procedure_words_mix_with_names_and_reach_every_dossier(ctx: Context) -> None:
    certify = [
        receive(ctx, CERTIFY, name=f"Phạm Văn {n}", id_number="").dossier.code
        for n in ("An", "Bình", "Cường")
    ]
    marital = receive(ctx, MARITAL, name="Phạm Văn Dũng", id_number="").dossier.code
    assert [d.code for d in queries.search(ctx, "chung thuc")] == certify[::-1]
    assert [d.code for d in queries.search(ctx, "pham chung thuc")] == certify[::-1]
    assert [d.code for d in queries.search(ctx, "binh chung")] == [certify[1]]
    assert [d.code for d in queries.search(ctx, "dung hon nhan")] == [marital]
    assert queries.search(ctx, "dung chung thuc") == []  # every word must be found
    assert len(queries.search(ctx, "chung thuc", limit=2)) == 2


def test_a_procedure_and_words_search_checks_matches_in_the_procedure_index(
    ctx: Context,
) -> None:
    """Each full-text match is looked up in the procedure index, not read from its row (on an
    encrypted database every row page read is a page decrypted)."""
    with ctx.db.session() as session:
        plan = [
            row[-1]
            for row in session.execute(
                text(f"EXPLAIN QUERY PLAN {queries._BY_PROCEDURE_AND_TEXT.text}"),
                {"c": CERTIFY, "name": "x", "q": '"pham"', "n": 50},
            )
        ]
    assert plan[0].startswith("SCAN dossier_fts")
    assert "USING INDEX ix_dossiers_procedure_code (procedure_code=? AND rowid=?)" in plan[1]


def test_synced_and_demo_dossiers_are_searchable(ctx: Context) -> None:
    """Bulk writers (demo data, pulled pages) index their rows in one statement."""
    from counter import demo
    from counter.services import listing
    from counter.services.listing import DossierFilter

    demo.generate(ctx, 40, end=datetime(2026, 3, 2, 8, 0))
    with ctx.db.session() as s:
        from sqlalchemy import text

        rows = s.execute(text("SELECT num, applicant_name, procedure_name FROM dossiers")).all()
        assert (
            s.execute(text("SELECT count(*) FROM settings WHERE key = 'search.bulk'")).scalar() == 0
        )
        procedures = set(s.execute(text("SELECT procedure_name FROM search_procedures")).scalars())
    assert {r.procedure_name for r in rows} <= procedures
    for num, name, _ in rows[:10]:
        assert num in [n for n, _ in listing.page(ctx, DossierFilter(text=name), limit=500)]
        assert any(d.applicant_name == name for d in queries.search(ctx, name, limit=500))
    # A dossier received afterwards goes through the per-row trigger as before.
    code = receive(ctx, name="Lò Thị Xuân", id_number="").dossier.code
    assert [d.code for d in queries.search(ctx, "lo thi xuan")] == [code]


def test_timeline_names_people_and_falls_back_to_an_unknown_login(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    # An event from another counter whose user this database does not know.
    stranger = ctx.as_user(Actor("quay2", "Người ở quầy khác", "clerk"))
    workflow.add_note(stranger, code, "Đã gọi điện cho công dân")
    assert [e.actor for e in queries.timeline(ctx, code)] == ["Trần Thị Thu Hà", "quay2"]


def test_details_give_contact_papers_and_the_holder_by_name(ctx: Context, clock: Clock) -> None:
    documents = [
        *all_documents(ctx, CERTIFY),
        intake.ReceivedDocument("Căn cước công dân", originals=0, copies=2),
    ]
    code = intake.receive(
        ctx,
        intake.IntakeRequest(
            CERTIFY,
            intake.ApplicantInput(
                "Nguyễn Văn Đức", "079090001234", phone="0912 345 678", address="12 Lê Lợi"
            ),
            documents,
        ),
    ).dossier.code
    details = queries.details(ctx, code)
    assert details is not None
    assert (details.address, details.phone) == ("12 Lê Lợi", "0912 345 678")
    assert {(d.name, d.originals, d.copies) for d in details.documents} >= {
        ("Căn cước công dân", 0, 2)
    }
    # Intake leaves the dossier with the clerk's login: shown as her name and title.
    assert details.holder.startswith("Trần Thị Thu Hà")
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức chuyên môn")
    assert queries.details(ctx, code).holder == "Lê Văn Đạt (Công chức chuyên môn)"  # type: ignore[union-attr]
    assert queries.details(ctx, "000.00.12.H40-260302-0999") is None
    workflow.transfer(ctx, code, "chuyenvien")  # a login typed as the receiver
    assert queries.details(ctx, code).holder == "Lê Văn Đạt"  # type: ignore[union-attr]


def test_details_list_papers_brought_as_a_supplement(ctx: Context) -> None:
    code = receive(ctx, complete=False).dossier.code
    workflow.receive_supplement(ctx, code, ["Giấy xác nhận cư trú"])
    papers = queries.details(ctx, code).documents  # type: ignore[union-attr]
    # A name alone (the older form) is one original.
    assert (papers[-1].name, papers[-1].originals, papers[-1].copies) == (
        "Giấy xác nhận cư trú",
        1,
        0,
    )
    assert papers[-1].supplement_at is not None


def test_papers_asked_for_come_from_intake_then_from_the_latest_request(ctx: Context) -> None:
    code = receive(ctx, CERTIFY, complete=False).dossier.code
    asked = queries.requested_papers(ctx, code)
    # What was missing at intake, with the counts the catalogue asks for (not a default 1/0).
    with ctx.db.session() as session:
        mandatory = [d for d in catalogue.get_procedure(session, CERTIFY).documents if d.mandatory]
    assert asked == [queries.RequestedPaper(d.name, d.originals, d.copies) for d in mandatory]
    # The copy to certify is asked as 0 originals, 1 copy: the counts are the catalogue's.
    assert any(p.originals == 0 and p.copies >= 1 for p in asked)
    workflow.receive_supplement(ctx, code, [p.name for p in asked])
    workflow.request_supplement(ctx, code, ["Giấy xác nhận cư trú"], "Cần xác minh")
    assert queries.requested_papers(ctx, code) == [
        queries.RequestedPaper("Giấy xác nhận cư trú", 1, 0)
    ]


def test_the_timeline_says_which_papers_a_supplement_brought(ctx: Context) -> None:
    code = receive(ctx, MARITAL, complete=False).dossier.code
    workflow.receive_supplement(
        ctx,
        code,
        [workflow.SuppliedPaper("Tờ khai", 1, 2), workflow.SuppliedPaper("Giấy xác nhận", 0, 1)],
    )
    entry = queries.timeline(ctx, code)[-1]
    assert entry.label == "Nhận hồ sơ bổ sung"
    assert entry.detail == "Tờ khai (1 bản chính, 2 bản sao); Giấy xác nhận (1 bản sao)"
