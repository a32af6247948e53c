from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("people/<str:slug>/", views.person_detail, name="person"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation"),
    path("publications/<str:slug>/", views.publication_detail, name="publication"),
]
