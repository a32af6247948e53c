from django.urls import path

from . import api, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("people/<str:slug>/", views.person_detail, name="person"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation"),
    path("publications/<str:slug>/", views.publication_detail, name="publication"),
    path("search/", views.search, name="search"),
    path("api/search/", api.search_api, name="api-search"),
    path("api/autocomplete/", api.autocomplete_api, name="api-autocomplete"),
]
