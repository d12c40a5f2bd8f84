from django.urls import path

from . import views

app_name = "nominations"
urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("overview/", views.national_overview, name="overview"),
]
