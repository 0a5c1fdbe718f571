"""Log in with a username or a mainland mobile number."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from safecampus.core.models import User


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        login = username.strip()
        user = User.objects.filter(Q(username__iexact=login) | Q(mobile=login)).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
