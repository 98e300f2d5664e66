"""Each app writes only its own tables; other apps change them through its services.

The scan reads every module of every app (tests and migrations aside) and follows, in
each function, which names hold a model, a queryset or a related manager of which
model: from annotations, from ``Model(...)`` and ``Model.objects...`` and from foreign
keys. A write (``create``, ``update``, ``delete``, ``bulk_*``, ``save``...) on a model of
another app fails the test, with the line that does it.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

ROOT = Path(__file__).resolve().parents[2]  # the ``learninglab`` package

# Methods that write, on a manager, a queryset or a related manager.
QUERY_WRITES = {
    "create",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "add",
    "set",
    "clear",
    "remove",
}
# Methods of a many-to-many manager that write only the table of links.
LINK_WRITES = {"add", "set", "clear", "remove"}
# Methods that write, on an instance.
INSTANCE_WRITES = {"save", "delete"}
# Methods of a queryset that return a queryset, or one instance, of the same model.
SAME_MODEL = {
    "all",
    "filter",
    "exclude",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "order_by",
    "only",
    "defer",
    "distinct",
    "annotate",
    "using",
    "get",
    "first",
    "last",
    "create",
    "earliest",
    "latest",
}

# Writes across apps that are meant: (module, line's source text, stripped). Empty, and
# it should stay so: add a service to the owning app instead.
ALLOWED: set[tuple[str, str]] = set()


@dataclasses.dataclass(frozen=True)
class Kind:
    """What an expression holds: instances (``many=False``) or a queryset of ``model``."""

    model: type[models.Model]
    many: bool
    # For a many-to-many field declared on a model: that model, whose app owns the table
    # of links that ``add``, ``set``, ``remove`` and ``clear`` write.
    links_of: type[models.Model] | None = None


def our_models() -> dict[str, type[models.Model]]:
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        if model.__module__.startswith("learninglab."):
            found[model.__name__] = model
    return found


def app_of_model(model: type[models.Model]) -> str:
    return model.__module__.split(".")[1]


def app_modules() -> list[Path]:
    app_names = {
        app.name.split(".")[1]
        for app in apps.get_app_configs()
        if app.name.startswith("learninglab.")
    }
    paths = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or parts[0] not in app_names:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        paths.append(path)
    return paths


def _related(model: type[models.Model], name: str) -> Kind | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = next(
            (
                f
                for f in model._meta.get_fields()
                if f.is_relation and getattr(f, "get_accessor_name", lambda: None)() == name
            ),
            None,
        )
    if field is None or not field.is_relation or field.related_model is None:
        return None
    related = field.related_model
    if isinstance(related, str):
        return None
    many = bool(field.many_to_many or field.one_to_many)
    declared_here = field.many_to_many and not field.auto_created
    return Kind(related, many, links_of=model if declared_here else None)


class Scan(ast.NodeVisitor):
    def __init__(self, module: str, app: str, source: str, known: dict[str, type[models.Model]]):
        self.module, self.app, self.lines = module, app, source.splitlines()
        self.known = known  # model class names this module can see
        self.scopes: list[dict[str, Kind]] = [{}]
        self.found: list[str] = []

    # What an expression holds

    def kind(self, node: ast.AST) -> Kind | None:
        if isinstance(node, ast.Name):
            for scope in reversed(self.scopes):
                if node.id in scope:
                    return scope[node.id]
            return None
        if isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                model = self.known.get(node.value.id)
                return Kind(model, True) if model else None
            owner = self.kind(node.value)
            if owner is None or owner.many:
                return None
            return _related(owner.model, node.attr)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in self.known:
                return Kind(self.known[func.id], False)
            if isinstance(func, ast.Attribute) and func.attr in SAME_MODEL:
                base = self.kind(func.value)
                if base is None:
                    return None
                single = func.attr in {"get", "first", "last", "create", "earliest", "latest"}
                return Kind(base.model, not single)
        if isinstance(node, ast.Subscript):
            base = self.kind(node.value)
            if base is not None and base.many and not isinstance(node.slice, ast.Slice):
                return Kind(base.model, False)
            return base
        return None

    def annotation(self, node: ast.AST | None) -> Kind | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(node, ast.BinOp):  # ``Model | None``
            return self.annotation(node.left) or self.annotation(node.right)
        if isinstance(node, ast.Name) and node.id in self.known:
            return Kind(self.known[node.id], False)
        if isinstance(node, ast.Subscript):  # ``QuerySet[Model]``, ``list[Model]``
            inner = self.annotation(node.slice)
            return Kind(inner.model, True) if inner else None
        return None

    # Scopes and names

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        scope: dict[str, Kind] = {}
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        for argument in arguments:
            kind = self.annotation(argument.annotation)
            if kind is not None:
                scope[argument.arg] = kind
        self.scopes.append(scope)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def bind(self, target: ast.AST, kind: Kind | None) -> None:
        if isinstance(target, ast.Name):
            if kind is None:
                self.scopes[-1].pop(target.id, None)
            else:
                self.scopes[-1][target.id] = kind
        elif isinstance(target, ast.Tuple) and target.elts:  # ``obj, created = ...``
            self.bind(target.elts[0], kind)
            for other in target.elts[1:]:
                self.bind(other, None)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        value = node.value
        kind = self.kind(value)
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in {"get_or_create", "update_or_create"}
        ):
            base = self.kind(value.func.value)
            kind = Kind(base.model, False) if base else None
        for target in node.targets:
            self.bind(target, kind)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        kind = self.annotation(node.annotation) or (self.kind(node.value) if node.value else None)
        self.bind(node.target, kind)

    def visit_For(self, node: ast.For) -> None:
        kind = self.kind(node.iter)
        self.bind(node.target, Kind(kind.model, False) if kind and kind.many else None)
        self.generic_visit(node)

    # Writes

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        target = self.kind(func.value)
        if target is None:
            return
        writes = QUERY_WRITES if target.many else INSTANCE_WRITES
        written = target.model
        if target.links_of is not None and func.attr in LINK_WRITES:
            written = target.links_of
        if func.attr not in writes or app_of_model(written) == self.app:
            return
        line = self.lines[node.lineno - 1].strip()
        if (self.module, line) in ALLOWED:
            return
        self.found.append(
            f"{self.module}:{node.lineno}: {func.attr}() on {target.model.__name__} "
            f"({app_of_model(target.model)}): {line}"
        )


def imported_models(tree: ast.Module, known: dict[str, type[models.Model]]) -> dict:
    """Return the model classes the module imports (from any ``models`` module), by name."""
    names: dict[str, type[models.Model]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("models"):
            for alias in node.names:
                if alias.name in known:
                    names[alias.asname or alias.name] = known[alias.name]
        if isinstance(node, ast.ClassDef) and node.name in known:
            names[node.name] = known[node.name]
    return names


def scan(path: Path, known: dict[str, type[models.Model]]) -> list[str]:
    source = path.read_text()
    tree = ast.parse(source)
    relative = path.relative_to(ROOT.parent)
    module = ".".join(relative.with_suffix("").parts)
    visitor = Scan(module, relative.parts[1], source, imported_models(tree, known))
    visitor.visit(tree)
    return visitor.found


def test_no_app_writes_the_tables_of_another():
    known = our_models()
    found = [problem for path in app_modules() for problem in scan(path, known)]

    assert found == [], "Call the owning app's services instead:\n" + "\n".join(found)


def scanned(source: str) -> list[str]:
    """Scan ``source`` as the body of a function of a labs module; return what it found."""
    module = (
        "from learninglab.stakeholders.models import Stakeholder\n"
        "from learninglab.labs.models import AgendaItem, Invitation\n\n\n"
        "def change(invitation: Invitation) -> None:\n"
        + "\n".join(f"    {line}" for line in source.splitlines())
        + "\n"
    )
    tree = ast.parse(module)
    visitor = Scan("learninglab.labs.change", "labs", module, imported_models(tree, our_models()))
    visitor.visit(tree)
    return visitor.found


@pytest.mark.parametrize(
    "source",
    [
        "Stakeholder.objects.filter(pk=1).update(last_activity_at=None)",
        "Stakeholder.objects.create(first_name='Ana')",
        "person = Stakeholder.objects.get(pk=1)\nperson.save()",
        "invitation.stakeholder.save()",
        "invitation.stakeholder.tags.clear()",
        "item = AgendaItem.objects.get(pk=1)\nitem.practices.update(city='Matera')",
    ],
)
def test_the_scan_finds_a_write_to_another_apps_table(source):
    assert len(scanned(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "Invitation.objects.filter(pk=1).update(response_note='')",
        "invitation.save()",
        "invitation.lab.contacts.all().delete()",
        "Stakeholder.objects.filter(pk=1).first()",
        "invitation.stakeholder.full_name",
        # A lab's agenda item keeps its links to practices in a table of the labs app.
        "item = AgendaItem.objects.get(pk=1)\nitem.practices.set([])",
    ],
)
def test_the_scan_lets_an_app_write_its_own_tables_and_read_any(source):
    assert scanned(source) == []
