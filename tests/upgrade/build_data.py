"""Fill an empty database with the OLD code (a checkout of the "previous main") and describe it.

Run by make_fixture.py, with the working directory set to the temporary checkout of the old commit and
DATABASE_URL / MEDIA_ROOT pointing at the fixture being built. It uses the old code's public entry
points only: the `migrate`, `seed_demo` and `import_roadmap` commands and a few services (orders:
update, sign, attach; roadmaps: report save/submit/accept/return, evidence). When a future "previous
main" renames one of those services, adapt the few calls below (they are all in `build()`).

Writes `<out>/manifest.json` (everything but the commit, which make_fixture.py adds) and prints it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from pathlib import Path

# The script's own folder (tests/upgrade of the NEWER checkout) must not shadow the old code.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tiny_pdf(text: str) -> bytes:
    """A small but real one-page PDF (with a correct xref table) showing one line of ASCII text."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def table_count(model) -> int:
    return model._base_manager.count()


def build(*, roadmap_file: Path) -> dict:
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    output = io.StringIO()
    call_command("import_roadmap", str(roadmap_file), stdout=output)
    imported = json.loads(output.getvalue().strip().splitlines()[-1])

    # --- the old code's models and services (adapt here when they move) --------------------------
    from associations.models import Organization, Person, Role
    from orders import services as order_services
    from orders.models import Order, OrderAttachment
    from roadmaps import report_services
    from roadmaps.models import Occurrence, ProgressReport, Roadmap, RoadmapRow

    users = {u.username: u for u in get_user_model().objects.all()}
    admin, methodist = users["nachalnik"], users["metodist"]
    director1, director2 = users["direktor1"], users["direktor2"]
    chief = Person.objects.get(user=admin)
    executor = Person.objects.get(user=methodist)
    school1 = Role.objects.get(user=director1, kind=Role.Kind.DIRECTOR).organization
    school2 = Role.objects.get(user=director2, kind=Role.Kind.DIRECTOR).organization

    # The draft order recovered from the imported document: signed by the demo administrator.
    imported_roadmap = Roadmap.objects.get(pk=imported["roadmap_id"])
    order = Order.objects.get(pk=imported["order_id"])
    order = order_services.order_update(
        user=admin,
        order=order,
        data={
            "signatory": chief,
            "executor_name": executor.full_name,
            "executor_phone": executor.phone or "8 (86192) 5-10-12",
        },
    )
    order_services.order_sign(user=admin, order=order)
    order.refresh_from_db()
    imported_roadmap.refresh_from_db()

    # A draft order for the demo draft plan, with a material (not printed) attached to it.
    draft_roadmap = (
        Roadmap.objects.filter(status=Roadmap.Status.DRAFT)
        .exclude(pk=imported_roadmap.pk)
        .order_by("pk")
        .first()
    )
    draft_order = order_services.order_create_from_roadmap(user=methodist, roadmap=draft_roadmap)
    material_bytes = tiny_pdf("Material for the draft order")
    attachment = order_services.order_attach_file(
        user=methodist,
        order=draft_order,
        upload=SimpleUploadedFile("Пояснительная записка.pdf", material_bytes, "application/pdf"),
        title="Пояснительная записка",
        kind=OrderAttachment.Kind.MATERIAL,
    )

    # Reports on the approved demo roadmap (its «Руководители ОО» items are assigned to all schools).
    demo_roadmap = (
        Roadmap.objects.filter(status=Roadmap.Status.APPROVED)
        .exclude(pk=imported_roadmap.pk)
        .order_by("pk")
        .first()
    )
    occurrences = list(
        Occurrence.objects.filter(row__roadmap=demo_roadmap, row__report_scope="all")
        .select_related("row")
        .order_by("due_date", "pk")
    )
    occ_a, occ_b = occurrences[0], occurrences[1]
    evidence_files = []

    def report(user, occurrence, organization, data, files=(), link=""):
        made = report_services.report_save(
            user=user, occurrence=occurrence, organization=organization, data=data, version=None
        )
        for name, content in files:
            evidence = report_services.evidence_add_file(user=user, report=made, name=name, data=content)
            evidence_files.append((made, evidence, content, user.username))
        if link:
            report_services.evidence_add_link(user=user, report=made, url=link)
        made.refresh_from_db()
        return made

    accepted = report(
        director1,
        occ_a,
        school1,
        {"progress": "done", "comment": "Проведено заседание ШМО, протокол приложен."},
        files=[("Протокол ШМО.pdf", tiny_pdf("Protocol of the school association"))],
        link="https://school1.demo-rayon.ru/news/shmo",
    )
    accepted = report_services.report_submit(user=director1, report=accepted, version=accepted.version)
    report_services.report_accept(
        user=methodist, report=accepted, version=accepted.version, comment="Принято."
    )

    returned = report(
        director1,
        occ_b,
        school1,
        {"progress": "in_progress", "comment": "Работа продолжается."},
        files=[("plan.pdf", tiny_pdf("Plan of the school"))],
    )
    returned = report_services.report_submit(user=director1, report=returned, version=returned.version)
    report_services.report_return(
        user=methodist,
        report=returned,
        version=returned.version,
        comment="Приложите план, утверждённый директором.",
    )

    # Another school: a draft with evidence, on the imported (now approved) roadmap too.
    report(
        director2,
        occ_a,
        school2,
        {"progress": "in_progress"},
        files=[("справка.pdf", tiny_pdf("Note of school 2"))],
    )
    first_item = imported_roadmap.rows.filter(is_heading=False).order_by("pk").first()
    report_services.row_assign(user=methodist, row=first_item, scope="all")
    imported_occurrence = Occurrence.objects.filter(row=first_item).order_by("due_date", "pk").first()
    if imported_occurrence is not None:
        sent = report(director2, imported_occurrence, school2, {"progress": "done"})
        report_services.report_submit(user=director2, report=sent, version=sent.version)

    # --- the manifest --------------------------------------------------------------------------------
    pages: list[dict] = []

    def page(path, user, *, contains=(), **extra):
        pages.append({"path": path, "user": user, "status": 200, "contains": list(contains), **extra})

    for username in ("metodist", "nachalnik", "direktor1", "direktor2", "rukmo", "zhyuri", "pedagog"):
        page("/", username)
    for username in ("metodist", "direktor1"):
        page("/notifications/", username)
    page("/directory/organizations/", "metodist", contains=[school1.short_name, school2.short_name])
    page(f"/directory/organizations/{school1.pk}/", "metodist", contains=[school1.short_name])
    page(f"/directory/organizations/{school1.pk}/", "direktor1", contains=[school1.short_name])
    page("/directory/people/", "metodist")
    page(f"/directory/people/{chief.pk}/", "metodist", contains=[chief.last_name])
    page("/directory/import/", "metodist")
    page("/roadmaps/", "metodist", contains=[imported_roadmap.title[:60], demo_roadmap.title[:60]])
    page("/roadmaps/", "direktor1")
    page("/roadmaps/agenda/", "metodist")
    for roadmap in (imported_roadmap, demo_roadmap, draft_roadmap):
        page(f"/roadmaps/{roadmap.pk}/", "metodist", contains=[roadmap.title[:60]])
        page(f"/roadmaps/{roadmap.pk}/history/", "metodist")
        page(f"/roadmaps/{roadmap.pk}/export.json", "metodist")
        page(f"/roadmaps/{roadmap.pk}/export.xlsx", "metodist")
    page(f"/roadmaps/{imported_roadmap.pk}/", "direktor2", contains=[imported_roadmap.title[:60]])
    # The row fragment, as htmx asks for it (a plain GET redirects to the roadmap page).
    page(
        f"/roadmaps/{demo_roadmap.pk}/rows/{occ_a.row_id}/",
        "metodist",
        contains=[occ_a.row.activity[:60]],
        headers={"HX-Request": "true"},
    )
    # The report form of a school with no report yet (with a report, the form redirects to it).
    page(
        f"/roadmaps/occurrences/{occ_b.pk}/report/{school2.pk}/",
        "direktor2",
        contains=[occ_b.row.activity[:60]],
    )
    for roadmap in (demo_roadmap, imported_roadmap):
        page(f"/roadmaps/{roadmap.pk}/grid/", "metodist", contains=[school1.short_name])
        page(f"/roadmaps/{roadmap.pk}/grid.xlsx", "metodist")
    page("/roadmaps/reviews/", "metodist", contains=[school2.short_name])
    page("/roadmaps/dashboard/", "metodist")
    page(f"/roadmaps/schools/{school1.pk}/", "metodist", contains=[school1.short_name])
    page(f"/roadmaps/schools/{school1.pk}/", "direktor1", contains=[school1.short_name])
    # A returned report stays on top of «Мои задачи» whatever the date (accepted ones drop off later).
    page("/roadmaps/tasks/", "direktor1", contains=[occ_b.row.activity[:60]])
    page("/roadmaps/tasks/", "direktor2")
    for made in ProgressReport.objects.order_by("pk"):
        director = {school1.pk: "direktor1", school2.pk: "direktor2"}[made.organization_id]
        names = list(made.evidence.exclude(original_name="").values_list("original_name", flat=True))
        page(f"/roadmaps/reports/{made.pk}/", director, contains=names)
        page(f"/roadmaps/reports/{made.pk}/", "metodist", contains=names)
    page("/orders/", "nachalnik", contains=[order.registration_number])
    page("/orders/", "metodist")
    page(
        f"/orders/{order.pk}/", "nachalnik", contains=[order.registration_number, imported_roadmap.title[:60]]
    )
    page(f"/orders/{order.pk}/", "metodist", contains=[order.registration_number])
    page(f"/orders/{order.pk}/docx/", "nachalnik", starts_with="PK")
    page(f"/orders/verify/{order.verification_token}/", None, contains=[order.registration_number])
    page(f"/orders/{draft_order.pk}/", "metodist", contains=[draft_roadmap.title[:60], attachment.title])
    page(f"/orders/{draft_order.pk}/pdf/", "metodist", starts_with="%PDF-")
    page(
        f"/orders/{draft_order.pk}/files/{attachment.pk}/",
        "metodist",
        sha256=sha256(material_bytes),
    )
    page("/orders/settings/", "nachalnik")

    archived = order.pdf.open("rb").read()
    order.pdf.close()
    assert sha256(archived) == order.pdf_sha256, "the archived PDF does not match its own SHA-256"
    signed_orders = [
        {
            "id": order.pk,
            "number": order.registration_number,
            "pdf_sha256": sha256(archived),
            "path": f"/orders/{order.pk}/pdf/",
            "user": "nachalnik",
            "verify_path": f"/orders/verify/{order.verification_token}/",
        }
    ]
    evidence = [
        {
            "report_id": made.pk,
            "evidence_id": item.pk,
            "name": item.original_name,
            "path": f"/roadmaps/reports/{made.pk}/evidence/{item.pk}/",
            "sha256": sha256(content),
            "user": username,
        }
        for made, item, content, username in evidence_files
    ]

    from django.apps import apps

    key_models = {
        "users": get_user_model(),
        "organizations": Organization,
        "people": Person,
        "roles": Role,
        "roadmaps": Roadmap,
        "rows": RoadmapRow,
        "occurrences": Occurrence,
        "reports": ProgressReport,
        "evidence": apps.get_model("roadmaps", "ReportEvidence"),
        "report_events": apps.get_model("roadmaps", "ReportEvent"),
        "orders": Order,
        "order_appendices": apps.get_model("orders", "OrderAppendix"),
        "order_attachments": OrderAttachment,
        "order_events": apps.get_model("orders", "OrderEvent"),
        "notices": apps.get_model("notifications", "Notice"),
    }
    counts = [
        {"name": name, "model": model._meta.label, "table": model._meta.db_table, "count": table_count(model)}
        for name, model in key_models.items()
    ]
    return {
        "format": 1,
        "database": "db.sqlite3",
        "media": "media",
        "signed_orders": signed_orders,
        "evidence": evidence,
        "counts": counts,
        "pages": pages,
    }


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roadmap-file", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path, help="where to write manifest.json")
    args = parser.parse_args()
    manifest = build(roadmap_file=args.roadmap_file.resolve())
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (args.out / "manifest.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
