from django.urls import path

from .views import assessment, coverage, go_global, ranking, rubric, scoring, selection

app_name = "curation"
urlpatterns = [
    path("", scoring.worklist, name="worklist"),
    path("nominations/<int:pk>/score/", scoring.score, name="score"),
    path("nominations/<int:pk>/conflict/", scoring.conflict, name="conflict"),
    path("nominations/<int:pk>/sheets/", ranking.sheets, name="sheets"),
    path("ranking/", ranking.province_ranking, name="ranking"),
    path("shortlist/save/", ranking.shortlist_save, name="shortlist_save"),
    path("shortlist/forward/", ranking.shortlist_forward, name="shortlist_forward"),
    path("shortlist/<int:pk>/reopen/", ranking.shortlist_reopen, name="shortlist_reopen"),
    path("shortlist/<int:pk>/minutes/", ranking.minutes, name="minutes"),
    path("shortlist/<int:pk>/minutes.pdf", ranking.minutes_download, name="minutes_pdf"),
    path("national/", ranking.national, name="national"),
    path("compare/", ranking.compare, name="compare"),
    path("calibration/", ranking.calibration, name="calibration"),
    path("rubric/<int:round_pk>/", rubric.rubric, name="rubric"),
    path("selection/", selection.selection_list, name="selection"),
    path("selection/<int:pk>/", selection.selection_check, name="selection_check"),
    path("requirements/<int:round_pk>/", selection.requirements, name="requirements"),
    path("assessment/<int:round_pk>/", assessment.assessment, name="assessment"),
    path("assessment/<int:round_pk>/remind/", assessment.remind, name="assessment_remind"),
    path("assessment/assignments/<int:pk>/remove/", assessment.unassign, name="unassign"),
    path("go-global/<int:round_pk>/", go_global.go_global, name="go_global"),
    path("go-global/<int:round_pk>/remind/", go_global.remind, name="go_global_remind"),
]

# Joined to the accounts namespace in ovop_portal/urls.py, beside the other Users pages.
coverage_urlpatterns = [path("users/coverage/", coverage.coverage, name="user_coverage")]
