from django.urls import path

from .views import bands, minutes, reevaluation, register, results, rounds

app_name = "awards"
urlpatterns = [
    path("<int:round_pk>/decisions/", results.decisions, name="decisions"),
    path("decide/<int:pk>/", results.decide, name="decide"),
    path("<int:round_pk>/publish/", results.publish, name="publish"),
    path("promote/<int:pk>/", results.promote, name="promote"),
    path("<int:round_pk>/go-global/close/", results.close_go_global, name="go_global_close"),
    path("<int:round_pk>/cohort/", results.cohort, name="cohort"),
    path("cohort/<int:pk>/", results.cohort_detail, name="cohort_detail"),
    path("cohort/<int:pk>/export-plan/", results.export_plan, name="export_plan"),
    path("register/", register.register, name="register"),
    path("<int:round_pk>/reevaluation/", reevaluation.reevaluation, name="reevaluation"),
    path("reevaluation/<int:pk>/settle/", reevaluation.settle, name="reevaluation_settle"),
    path("bands/<int:round_pk>/", bands.bands, name="bands"),
    path("minutes/<int:round_pk>/", minutes.minutes, name="minutes"),
    path("minutes/<int:round_pk>.pdf", minutes.minutes_download, name="minutes_pdf"),
]

# Served in the nominations namespace, under /nominations/ (ovop_portal/urls.py), as before they moved here.
round_urlpatterns = [
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_form, name="round_create"),
    path("rounds/<int:pk>/edit/", rounds.round_form, name="round_edit"),
    path("rounds/<int:pk>/reopen/", rounds.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/<str:action>/", rounds.round_action, name="round_action"),
]
