from django.urls import path

from . import views, views_departures, views_orders

app_name = "mentorship"

urlpatterns = [
    path("", views.pair_list, name="pairs"),
    path("new/", views.pair_create, name="pair_create"),
    path("order/", views_orders.pairs_order, name="pairs_order"),
    path("<int:pk>/", views.pair_detail, name="pair"),
    path("<int:pk>/end/", views.pair_end, name="pair_end"),
    path("<int:pk>/members/<int:mid>/consent/", views.consent_record, name="consent"),
    path("<int:pk>/members/<int:mid>/consent/<int:fid>/", views.consent_file, name="consent_file"),
    path("bank/", views.bank, name="bank"),
    path("bank.xlsx", views.bank_export, name="bank_export"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("<int:pk>/members/<int:mid>/departure/", views_departures.departure_record, name="departure"),
]
