"""The nominations namespace. The round pages' URLs (`round_list`, `round_create`, ...) are in it too, from
awards.urls.round_urlpatterns (joined in ovop_portal/urls.py): their views need curation and awards."""

from django.urls import path

from .views import imports, interests, nominations, rounds, samples

app_name = "nominations"
urlpatterns = [
    path("", nominations.nomination_list, name="list"),
    path("new/", nominations.nomination_create, name="create"),
    path("<int:pk>/", nominations.nomination_detail, name="detail"),
    path("<int:pk>/edit/", nominations.nomination_edit, name="edit"),
    path("<int:pk>/submit/", nominations.nomination_submit, name="submit"),
    path("<int:pk>/withdraw/", nominations.nomination_withdraw, name="withdraw"),
    path("<int:pk>/return/", nominations.nomination_return, name="return"),
    path("<int:pk>/photos/", nominations.photo_attach, name="photo_attach"),
    path("files/<str:kind>/<int:pk>/", nominations.nomination_file, name="file"),
    path("files/photo/<int:pk>/<int:width>.<str:extension>", nominations.photo_rendition, name="photo_rendition"),
    path("ikm/<int:pk>/", nominations.ikm_detail, name="ikm"),
    path("ikm/<int:pk>/move/", nominations.ikm_move, name="ikm_move"),
    path("interests/", interests.interest_list, name="interests"),
    path("interests/<int:pk>/", interests.interest_detail, name="interest"),
    path("interests/<int:pk>/accept/", interests.interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", interests.interest_decline, name="interest_decline"),
    path("samples/", samples.sample_list, name="samples"),
    path("samples/remind/", samples.samples_remind, name="samples_remind"),
    path("<int:pk>/sample/", samples.sample_edit, name="sample"),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("overview/", rounds.national_overview, name="overview"),
    path("commodities/", rounds.commodity_list, name="commodity_list"),
    path("commodities/new/", rounds.commodity_form, name="commodity_create"),
    path("commodities/<int:pk>/edit/", rounds.commodity_form, name="commodity_edit"),
]
