from django.contrib.auth import views as auth_views
from django.urls import path

from csrating.web import views

urlpatterns = [
    path("", views.index, name="index"),
    path("ratings.<str:fmt>", views.ratings_file, name="ratings_file"),
    path("la/<str:code>/profile.<str:fmt>", views.profile_file, name="profile_file"),
    path("la/<str:code>/", views.la, name="la"),
    path("la/<str:code>/letter/", views.letter, name="letter"),
    path("la/<str:code>/letter.<str:fmt>", views.letter_file, name="letter_file"),
    path("la/<str:code>/apa/<int:year>/", views.apa, name="apa"),
    path("la/<str:code>/apa/<int:year>/letter/", views.apa_letter, name="apa_letter"),
    path("methodology/", views.methodology, name="methodology"),
    path("judgements/", views.judgements, name="judgements"),
    path("year/", views.choose_year, name="choose_year"),
    path("la/<str:code>/judge/", views.judge, name="judge"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
