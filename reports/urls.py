from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("export/<str:dataset>.<str:fmt>", views.export, name="export"),
    path("users.<str:fmt>", views.users_export, name="users_export"),
]
