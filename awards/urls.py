from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("<int:round_pk>/decisions/", views.decisions, name="decisions"),
    path("decide/<int:pk>/", views.decide, name="decide"),
    path("<int:round_pk>/publish/", views.publish, name="publish"),
    path("promote/<int:pk>/", views.promote, name="promote"),
    path("<int:round_pk>/cohort/", views.cohort, name="cohort"),
    path("cohort/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohort/<int:pk>/export-plan/", views.export_plan, name="export_plan"),
]
