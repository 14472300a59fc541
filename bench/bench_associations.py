"""The district view of the methodological associations and an association page at the issue's size.

    cd bench && DEBUG=1 ../.venv/bin/python bench_associations.py

On a throwaway database (common.bootstrap): 300 associations (every other one a ШМО of one of 50
schools, the rest РМО) with 10 members each — 3,000 members, each with a subject, a course and a тема
самообразования, 5 meetings each (half held, with protocols) — plus one association of 40 members and
10 meetings. The district table (its first page of 50 rows)
and the 40 members' page are requested 10 times by a methodist (common.measure_page).
Prints figures only.
"""

from __future__ import annotations

import common

common.bootstrap("associations")

from associations import bulk  # noqa: E402

REQUESTS = 10


def main() -> None:
    user, office = common.methodist()
    bulk.build(method_office=office, associations=300, members=10, schools=50, meetings=5)
    forty = bulk.build(method_office=office, associations=1, members=40, schools=1, tag="p", meetings=10)[0]
    held = forty.meetings.filter(status="held").first()
    client = common.client(user)
    print(f"associations benchmark, {common.database_label()}, {REQUESTS} requests each")
    print(
        "300 associations, 3,000 members (5 meetings each; + one association of 40 members and 10 meetings)"
    )
    for label, url in (
        ("district table", "/associations/"),
        ("district table XLSX", "/associations/export.xlsx"),
        ("page of 40 members, 10 meetings", f"/associations/{forty.pk}/"),
        ("protocol page, 40 members", f"/associations/{forty.pk}/meetings/{held.pk}/"),
        ("protocol PDF, 40 members", f"/associations/{forty.pk}/meetings/{held.pk}/protocol.pdf"),
        ("Состав МО XLSX, 40", f"/associations/{forty.pk}/roster.xlsx"),
    ):
        print(common.measure_page(client, url, REQUESTS).line(label, width=32))


if __name__ == "__main__":
    main()
