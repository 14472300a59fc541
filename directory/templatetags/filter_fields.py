"""{{ field|filter_field }}: a field of a filter form (directory/includes/filter_form.html) in crispy's
Bootstrap 5 markup, made in Python.

Filter forms sit on busy list pages (the agenda, the roadmaps, the journal of orders, the directory),
and a select of fifty schools through crispy and Django's widget templates (one template per option)
costs more than the rest of such a page. Selects and text/date boxes are written here, with the label,
errors and `is-invalid` as crispy writes them; any other widget goes through crispy itself.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def filter_field(bound: forms.BoundField) -> SafeString:
    """A select or an input box with its label and errors, as crispy's bootstrap5 field shows it."""
    widget = bound.field.widget
    ident = bound.id_for_label
    invalid = " is-invalid" if bound.errors else ""
    described = format_html(' aria-invalid="true" aria-describedby="{}_error"', ident) if bound.errors else ""
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        chosen = set(widget.format_value(bound.value()))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value := str(key), " selected" if value in chosen else "", label)
                for key, label in bound.field.choices
            ),
        )
        control = format_html(
            '<select name="{}" class="select form-select{}"{} id="{}">{}</select>',
            bound.html_name,
            invalid,
            described,
            ident,
            options,
        )
    elif isinstance(widget, forms.TextInput | forms.DateInput) and not widget.attrs.keys() - {"type"}:
        value = widget.format_value(bound.value())
        kind = "dateinput" if isinstance(widget, forms.DateInput) else "textinput"
        control = format_html(
            '<input type="{}" name="{}"{} class="{} form-control{}"{} id="{}">',
            widget.input_type,
            bound.html_name,
            format_html(' value="{}"', value) if value not in (None, "") else "",
            kind,
            invalid,
            described,
            ident,
        )
    else:  # anything else (a checkbox…) as crispy shows it
        return as_crispy_field(bound)
    errors = format_html_join("", "<p><strong>{}</strong></p>", ((e,) for e in bound.errors))
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        ident,
        ident,
        bound.label,
        control,
        format_html('<div id="{}_error" class="invalid-feedback d-block">{}</div>', ident, errors)
        if bound.errors
        else "",
    )
