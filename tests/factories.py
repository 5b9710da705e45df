"""factory_boy factories for tests: users with areas, households with valid KK and members."""

from datetime import date

import factory

from pendamping.accounts.models import Assignment, User
from pendamping.registry.models import Household, Person, PersonNameKey
from pendamping.registry.nik import make_kk, make_nik
from pendamping.registry.services import name_key_rows
from pendamping.wilayah.models import Area

TEST_PASSWORD = "s3cret-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = "psm"
    first_name = "Uji"
    is_staff = factory.LazyAttribute(lambda o: o.role == "admin")
    is_superuser = factory.LazyAttribute(lambda o: o.role == "admin")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def areas(self, create, codes, **kwargs):
        for code in codes or ():
            Assignment.objects.create(
                user=self, area=Area.objects.get(code=code), valid_from=date(2022, 1, 1)
            )


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    class Params:
        kelurahan_code = "14.71.01.1002"

    kelurahan = factory.LazyAttribute(lambda o: Area.objects.get(code=o.kelurahan_code))
    kk = factory.Sequence(lambda n: make_kk("14.71.01", date(2015, 3, 1), n % 9999 + 1))
    address = factory.Sequence(lambda n: f"Jl. Uji No. {n}")
    dwelling_status = "rent"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    kelurahan = factory.SelfAttribute("household.kelurahan")
    rt = factory.SelfAttribute("household.rt")
    name = "Budi Santoso"
    sex = "L"
    birth_date = date(1980, 5, 17)
    relationship = "head"
    nik = factory.LazyAttributeSequence(
        lambda o, n: make_nik("14.71.01", o.birth_date, o.sex, n % 9999 + 1)
    )

    @factory.post_generation
    def search_keys(self, create, extracted, **kwargs):
        """The services index names for search; records made here must be findable too."""
        if create:
            PersonNameKey.objects.bulk_create(name_key_rows(self))


def make_user(
    role: str, *areas: str, username: str | None = None, password: str = TEST_PASSWORD
) -> User:
    """A user of a role assigned to the areas with these codes."""
    extra = {"username": username} if username else {}
    return UserFactory(role=role, areas=areas, password=password, **extra)


def make_household(
    kelurahan_code: str, *, members: int = 2, name: str = "Budi Santoso", rt: Area | None = None
) -> Household:
    """A household with a head and (members - 1) others, NIKs valid for their birth dates."""
    household = HouseholdFactory(kelurahan_code=kelurahan_code, rt=rt)
    PersonFactory(household=household, name=name)
    for i in range(1, members):
        birth = date(1982 + i, 8, 9)
        PersonFactory(
            household=household,
            name=f"Siti {name.split()[-1]}",
            sex="P",
            birth_date=birth,
            relationship="spouse" if i == 1 else "child",
        )
    return household
