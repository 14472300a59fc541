"""Pages of orders: the journal, an order, its draft, review, signing, files, and the public check."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.web import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    add_service_errors,
    file_response,
    is_htmx,
    streamed_file_response,
)
from directory.access import role_required, user_scope
from directory.middleware import public_page
from directory.models import Organization, Person, Role

from . import access, exporters, registry, selectors, services
from .docx_export import render_order_docx
from .filters import OrderFilter
from .forms import (
    AttachmentForm,
    CancelForm,
    DecisionForm,
    IssuerChoiceForm,
    OrderForm,
    OrderSettingsForm,
    PaperOrderForm,
    ReviewForm,
    SignatureUploadForm,
)
from .models import Order, OrderApproval, OrderAttachment

PAGE_SIZE = 50
PDF = PDF_CONTENT_TYPE
DOCX = DOCX_CONTENT_TYPE
DISTRICT_STAFF = (Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR)
#: The journal: the district's staff see every order, a director the orders of their school.
JOURNAL_READERS = (*DISTRICT_STAFF, Role.Kind.DIRECTOR)


def _file_stem(order: Order) -> str:
    if order.registration_number:
        number = order.registration_number.replace("/", "-")
        return f"Приказ № {number} от {order.date:%d.%m.%Y}"
    return f"Проект приказа {order.pk}"


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(order: Order):
    return redirect(order.get_absolute_url())


# --- The journal --------------------------------------------------------------------------------------


def _journal_filter(request):
    queryset = selectors.journal(user=request.user)
    return OrderFilter(
        request.GET or None,
        queryset=queryset,
        years=selectors.journal_years(queryset),
        issuers=selectors.issuers_with_orders(),
        request=request,
    )


@role_required(*JOURNAL_READERS)
def journal(request):
    filterset = _journal_filter(request)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "active_nav": "orders",
        "filter": filterset,
        "page": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "export_query": export_query.urlencode(),
        "can_manage_settings": access.can_manage_settings(request.user),
    }
    return render(request, "orders/journal.html", context)


@role_required(*JOURNAL_READERS)
def journal_xlsx(request):
    orders = _journal_filter(request).qs.iterator(chunk_size=500)
    return streamed_file_response(
        partial(exporters.write_journal_xlsx, orders),
        content_type=XLSX_CONTENT_TYPE,
        filename="Журнал регистрации приказов.xlsx",
    )


# --- One order ----------------------------------------------------------------------------------------


def _detail_context(request, order: Order) -> dict:
    user = request.user
    scope = user_scope(user)
    drafter = access.can_draft(user, order)
    signer = access.can_sign(user, order)
    unsigned = not order.signed_or_signing and order.status not in (
        Order.Status.CANCELLED,
        Order.Status.PAPER,
    )
    background = unsigned and services.needs_background_render(order)
    context = {
        "active_nav": "orders",
        "order": order,
        **selectors.order_page(order),
        "can_edit": drafter and order.status == Order.Status.DRAFT,
        "can_review": drafter and order.status == Order.Status.DRAFT,
        "can_return": drafter and order.status == Order.Status.REVIEW,
        "can_sign": signer and unsigned,
        "can_cancel_draft": drafter and unsigned,
        "can_cancel_signed": signer and order.status == Order.Status.SIGNED,
        "can_follow_up": drafter and order.status == Order.Status.SIGNED,
        "can_attach_signature": scope.is_administrator
        and order.status == Order.Status.SIGNED
        and not order.has_qualified_signature,
        "my_approval": selectors.pending_approval_for(order, user),
        "problems": services.signing_problems(order, user=user if signer else None) if unsigned else [],
        "background_pdf": background,
        **_signing_state(order, user),
        "preview_fresh": background and services.preview_is_fresh(order),
        "review_form": ReviewForm() if drafter and order.status == Order.Status.DRAFT else None,
        "decision_form": DecisionForm(),
        "signature_form": SignatureUploadForm(),
        "attachment_form": AttachmentForm(),
    }
    if scope.is_administrator and order.status in (Order.Status.DRAFT, Order.Status.REVIEW):
        number, date = services.source_requisites(order)
        context["paper_form"] = PaperOrderForm(initial={"registration_number": number, "date": date})
    if context["can_cancel_signed"]:
        context["cancel_form"] = CancelForm(candidates=services.signed_orders_for_cancelling(order))
    return context


@login_required
def detail(request, pk):
    order = access.get_order_for_user(request.user, pk)
    return render(request, "orders/detail.html", _detail_context(request, order))


def _signatories(order: Order):
    """Who may be named to sign: the district's staff, and the issuing school's own staff."""
    return (
        Person.objects.filter(
            Q(organization__kind__in=Organization.DISTRICT_KINDS) | Q(organization_id=order.issuer_id)
        )
        .select_related("organization")
        .order_by("organization__kind", "last_name", "first_name")
    )


def _attached(order: Order) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for kind, source_id in order.appendices.order_by("position").values_list("source_kind", "source_id"):
        out.setdefault(kind, []).append(source_id)
    return out


def _appendix_choices(user, attached: dict[str, list[int]]) -> dict:
    return {
        kind.key: kind.choices(user=user, attached=attached.get(kind.key, [])) for kind in registry.kinds()
    }


@login_required
def edit(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.EDIT)
    if order.status != Order.Status.DRAFT:
        messages.warning(
            request,
            services.SIGNED_IS_FINAL
            if order.signed_or_signing
            else "Изменять можно только черновик. Проект на согласовании сначала верните на доработку.",
        )
        return _back(order)
    attached = _attached(order)
    form = OrderForm(
        request.POST or None,
        initial=OrderForm.initial_for(order),
        signatories=_signatories(order),
        appendix_choices=_appendix_choices(request.user, attached),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.order_update(
                    user=request.user,
                    order=order,
                    data=form.service_data(),
                    appendices=form.ordered_appendices(attached),
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"points": "points_text"})
            else:
                messages.success(request, "Проект приказа сохранён.")
                return _back(order)
        status = 400
    context = {"active_nav": "orders", "order": order, "form": form}
    return render(request, "orders/edit.html", context, status=status)


@require_POST
@login_required
def send_for_review(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.REVIEW)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(order)
    try:
        services.order_send_for_review(
            user=request.user, order=order, approvers=form.cleaned_data["approvers"]
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Проект направлен на согласование.")
    return _back(order)


@require_POST
@login_required
def return_to_draft(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.EDIT)
    try:
        services.order_return_to_draft(user=request.user, order=order)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Проект возвращён на доработку.")
    return _back(order)


@require_POST
@login_required
def decide(request, pk, approval_pk):
    order = access.get_order_for_user(request.user, pk)
    approval = OrderApproval.objects.filter(order=order, pk=approval_pk).select_related("person").first()
    if approval is None:
        raise Http404("Согласование не найдено.")
    if approval.person.user_id != request.user.pk:
        raise PermissionDenied("Решение принимает только тот, кому проект направлен на согласование.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите решение: согласовать или отклонить.")
        return _back(order)
    try:
        services.order_decide(
            user=request.user,
            approval=approval,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        approved = form.cleaned_data["decision"] == OrderApproval.Decision.APPROVED
        messages.success(request, "Проект согласован." if approved else "Проект возвращён на доработку.")
    return _back(order)


@require_POST
@login_required
def sign(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.SIGN)
    try:
        signed = services.order_sign(user=request.user, order=order)
    except ValidationError as exc:
        _report(request, exc)
    else:
        requisites = f"№ {signed.registration_number} от {signed.date:%d.%m.%Y}"
        if signed.is_signed:
            messages.success(request, f"Приказ подписан: {requisites}. PDF сохранён в архив.")
        else:
            messages.success(
                request,
                f"Приказ подписан и зарегистрирован: {requisites}. PDF формируется; когда он будет "
                "сохранён в архив, приказ получит статус «подписан».",
            )
    return _back(order)


def _signing_state(order: Order, user) -> dict:
    """What the page shows of a signed order whose PDF is still being rendered for the archive."""
    stuck = services.signing_is_stuck(order)
    return {
        "signing_stuck": stuck,
        "can_retry_signing": stuck and access.can_sign(user, order),
        "signing_long": order.is_signing and services.needs_background_archive(order),
    }


@never_cache
@login_required
@require_GET
def signing_status(request, pk):
    """The progress fragment the page of a signing order polls until its PDF is archived; once it is,
    the whole page is reloaded (status, number, downloads)."""
    order = access.get_order_for_user(request.user, pk)
    if not order.is_signing:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"order": order, **_signing_state(order, request.user)}
    return render(request, "orders/includes/signing_status.html", context)


@require_POST
@login_required
def signing_retry(request, pk):
    """«Повторить формирование PDF»: queue the archive PDF of a signing order again."""
    order = access.get_order_for_user(request.user, pk, action=access.SIGN)
    try:
        order = services.order_signing_retry(user=request.user, order=order)
    except ValidationError as exc:
        _report(request, exc)
    else:
        if order.is_signed:
            messages.success(request, "PDF сформирован и сохранён в архив.")
        else:
            messages.info(request, "Формирование PDF запущено снова.")
    return _back(order)


@require_POST
@login_required
def register_paper(request, pk):
    """Register a draft as the order already signed by hand on paper (its own number and date)."""
    order = access.get_order_for_user(request.user, pk, action=access.SIGN)
    form = PaperOrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите номер и дату, как они написаны на бумажном оригинале.")
        return _back(order)
    try:
        registered = services.order_register_paper(
            user=request.user,
            order=order,
            registration_number=form.cleaned_data["registration_number"],
            date=form.cleaned_data["date"],
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            f"Приказ № {registered.registration_number} от {registered.date:%d.%m.%Y} внесён в журнал "
            "с бумажного оригинала.",
        )
    return _back(order)


@require_POST
@login_required
def attach_signature(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.SIGN)
    form = SignatureUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл подписи (.sig).")
        return _back(order)
    try:
        services.order_attach_qualified_signature(
            user=request.user, order=order, file=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request, "Квалифицированная подпись прикреплена; сведения о сертификате прочитаны из файла."
        )
    return _back(order)


@require_POST
@login_required
def attach_file(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл и его вид.")
        return _back(order)
    try:
        services.order_attach_file(
            user=request.user,
            order=order,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            approves=form.cleaned_data["approves"],
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Файл прикреплён.")
    return _back(order)


@login_required
def attachment(request, pk, attachment_pk):
    order = access.get_order_for_user(request.user, pk)
    found = OrderAttachment.objects.filter(order=order, pk=attachment_pk).first()
    if found is None:
        raise Http404("Файл не найден.")
    with found.file.open("rb") as handle:
        data = handle.read()
    return file_response(
        data, content_type="application/octet-stream", filename=found.original_name or f"file-{found.pk}"
    )


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    order = access.get_order_for_user(request.user, pk, action=access.EDIT)
    if not OrderAttachment.objects.filter(order=order, pk=attachment_pk).exists():
        raise Http404("Файл не найден.")
    try:
        services.order_remove_attachment(user=request.user, order=order, attachment_id=attachment_pk)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Файл удалён из проекта.")
    return _back(order)


@require_POST
@login_required
def cancel(request, pk):
    order = access.get_order_for_user(request.user, pk)
    if not access.can(request.user, access.CANCEL, order):
        raise PermissionDenied(access._REFUSALS[access.CANCEL])
    by_order = None
    if order.was_signed:
        form = CancelForm(request.POST, candidates=services.signed_orders_for_cancelling(order))
        if not form.is_valid() or form.cleaned_data["by_order"] is None:
            messages.error(request, "Выберите подписанный приказ, которым отменяется этот приказ.")
            return _back(order)
        by_order = form.cleaned_data["by_order"]
    try:
        services.order_cancel(user=request.user, order=order, by_order=by_order)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Приказ отменён." if by_order else "Проект отменён.")
    return _back(order)


@require_POST
@login_required
def follow_up(request, pk):
    order = access.get_order_for_user(request.user, pk, action=access.EDIT)
    cancel_it = request.POST.get("what") == "cancel"
    try:
        draft = services.order_create_follow_up(user=request.user, order=order, cancel=cancel_it)
    except ValidationError as exc:
        _report(request, exc)
        return _back(order)
    messages.success(
        request,
        "Подготовлен проект приказа об отмене."
        if cancel_it
        else "Подготовлен проект приказа о внесении изменений.",
    )
    return _back(draft)


# --- PDF and Word -------------------------------------------------------------------------------------


def _archive_damaged(request, order: Order, exc: Exception) -> HttpResponse:
    return render(request, "orders/archive_damaged.html", {"order": order, "message": str(exc)}, status=500)


@login_required
@require_GET
def pdf(request, pk):
    """A signed order: the archived bytes. A draft: rendered now, or by a task when it is large."""
    order = access.get_order_for_user(request.user, pk)
    filename = f"{_file_stem(order)}.pdf"
    if order.was_signed:
        try:
            data = services.archived_pdf(order=order)
        except services.ArchiveDamaged as exc:
            return _archive_damaged(request, order, exc)
        return file_response(data, content_type=PDF, filename=filename, inline=True)
    if order.is_signing:  # the archive is on its way: never a fresh render in its place
        context = {"active_nav": "orders", "order": order, **_signing_state(order, request.user)}
        return render(request, "orders/pdf_progress.html", context, status=202)
    if services.needs_background_render(order):
        if not services.preview_is_fresh(order):
            order = services.order_preview_request(order=order)
        if services.preview_is_fresh(order):
            return file_response(
                services.preview_bytes(order=order), content_type=PDF, filename=filename, inline=True
            )
        context = {"active_nav": "orders", "order": order}
        return render(request, "orders/pdf_progress.html", context, status=202)
    try:
        data = services.render_draft_pdf(order=order)
    except ValidationError as exc:  # a damaged attachment: the order page says which one
        _report(request, exc)
        return _back(order)
    return file_response(data, content_type=PDF, filename=filename, inline=True)


@require_POST
@login_required
def pdf_prepare(request, pk):
    order = access.get_order_for_user(request.user, pk)
    if not order.signed_or_signing:
        order = services.order_preview_request(order=order)
    if not is_htmx(request):
        return redirect(reverse("orders:pdf", args=[order.pk]))
    return render(request, "orders/includes/pdf_status.html", {"order": order, **_preview_state(order)})


def _preview_state(order: Order) -> dict:
    return {"preview_fresh": order.was_signed or services.preview_is_fresh(order)}


@never_cache
@login_required
@require_GET
def pdf_status(request, pk):
    """The progress fragment the order page polls every second until the draft's PDF is ready."""
    order = access.get_order_for_user(request.user, pk)
    if order.is_signing:  # signed meanwhile: the archive's progress instead
        context = {"order": order, **_signing_state(order, request.user)}
        return render(request, "orders/includes/signing_status.html", context)
    return render(request, "orders/includes/pdf_status.html", {"order": order, **_preview_state(order)})


@login_required
@require_GET
def stamped_pdf(request, pk):
    order = access.get_order_for_user(request.user, pk)
    if order.qualified is None or not order.qualified.stamped_pdf_sha256:
        raise Http404("К приказу не прикреплена квалифицированная подпись.")
    try:
        data = services.stamped_pdf(order=order)
    except services.ArchiveDamaged as exc:
        return _archive_damaged(request, order, exc)
    return file_response(data, content_type=PDF, filename=f"{_file_stem(order)} (ЭП).pdf", inline=True)


@login_required
@require_GET
def signature_file(request, pk):
    order = access.get_order_for_user(request.user, pk)
    if order.qualified is None or not order.qualified.file:
        raise Http404("Файла подписи нет.")
    with order.qualified.file.open("rb") as handle:
        data = handle.read()
    return file_response(
        data, content_type="application/pkcs7-signature", filename=f"{_file_stem(order)}.pdf.sig"
    )


@login_required
@require_GET
def docx(request, pk):
    order = access.get_order_for_user(request.user, pk)
    layout = order.order_settings().as_layout()
    try:
        data = render_order_docx(order.to_document(layout), layout)
    except ValidationError as exc:  # a damaged attachment: the order page says which one
        _report(request, exc)
        return _back(order)
    return file_response(data, content_type=DOCX, filename=f"{_file_stem(order)}.docx")


# --- Settings -----------------------------------------------------------------------------------------


@role_required(Role.Kind.ADMINISTRATOR, Role.Kind.DIRECTOR)
def settings_page(request):
    issuers = access.settings_issuers(request.user)
    chooser = IssuerChoiceForm(request.GET or None, issuers=issuers)
    if chooser.is_bound and not chooser.is_valid():
        raise Http404("Издатель не найден.")  # another school's settings
    issuer = chooser.cleaned_data["issuer"] if chooser.is_bound else issuers.first()
    if issuer is None:
        raise Http404("В справочнике нет управления образования или методического кабинета.")
    if not chooser.is_bound:
        chooser = IssuerChoiceForm(initial={"issuer": issuer.pk}, issuers=issuers)
    current = services.settings_for(issuer=issuer)
    initial = {"issuer_genitive": current.genitive} if not current.issuer_genitive else {}
    form = OrderSettingsForm(request.POST or None, instance=current, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.order_settings_save(user=request.user, issuer=issuer, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Настройки приказов «{issuer.short_name}» сохранены.")
                return redirect(f"{reverse('orders:settings')}?issuer={issuer.pk}")
        status = 400
    context = {"active_nav": "orders", "form": form, "chooser": chooser, "issuer": issuer}
    return render(request, "orders/settings.html", context, status=status)


# --- The public check behind the QR code --------------------------------------------------------------


@public_page
@require_GET
def verify(request, token):
    """Public (no login): number, date, heading, signatory and the two SHA-256 — nothing more."""
    order = selectors.verifiable_order(token=token)
    response = render(request, "orders/verify.html", {"order": order})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
