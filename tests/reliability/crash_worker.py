"""Receives dossiers in a loop and reports each one 'printed' after it is stored.

Run by test_crash.py, which kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import random
import sys

from counter.db.engine import Database
from counter.services import intake, workflow
from counter.services.context import Actor, Context


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    ctx = Context(Database(path), Actor("motcua", "Trần Thị Thu Hà", "clerk"))
    print("READY", flush=True)
    while True:
        result = intake.receive(
            ctx,
            intake.IntakeRequest(
                "2.000815",
                intake.ApplicantInput(f"Người Nộp {rng.randrange(10**6)}"),
                [
                    intake.ReceivedDocument(
                        "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao"
                    ),
                    intake.ReceivedDocument(
                        "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)", 0, 2
                    ),
                ],
            ),
        )
        # The receipt is printed only once the dossier is stored (and the print is logged).
        workflow.record_print(ctx, result.dossier.code, "01")
        print(f"PRINTED {result.dossier.code}", flush=True)
        if rng.random() < 0.3:
            workflow.transfer(ctx, result.dossier.code, "Lê Văn Đạt")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
