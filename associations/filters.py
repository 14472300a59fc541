"""Filters of the associations table (django-filter): by school, kind and subject."""

from __future__ import annotations

import django_filters

from directory.models import Organization, Subject

from .models import Association


class AssociationFilter(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        label="Организация", queryset=Organization.objects.none(), empty_label="Все организации"
    )
    kind = django_filters.ChoiceFilter(label="Вид", choices=Association.Kind.choices, empty_label="Все виды")
    subject = django_filters.ModelChoiceFilter(
        label="Предмет", field_name="subjects", queryset=Subject.objects.none(), empty_label="Все предметы"
    )

    class Meta:
        model = Association
        fields = ["organization", "kind", "subject"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=self.queryset.values("organization_id")
        ).order_by("kind", "short_name")
        self.filters["subject"].queryset = Subject.objects.filter(
            pk__in=Association.subjects.through.objects.filter(
                association_id__in=self.queryset.values("pk")
            ).values("subject_id")
        ).order_by("name")
