"""The reference central server as an ASGI app: every route under ``/api/v1`` declared with the
models of :mod:`sync.protocol`, so the served OpenAPI document is the wire contract."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response

from counter_app.domain.vntime import now_vn
from sync.central import auth, commands, devices, feed, files, reference
from sync.central.auth import Caller
from sync.central.db import create_schema, reading
from sync.central.national_export import NationalExport, export
from sync.central.problems import install
from sync.central.state import Central, central
from sync.protocol import (
    API_PREFIX,
    AgencyEvent,
    BatchResult,
    Change,
    ChangesPage,
    CommandBatch,
    DeviceGrant,
    DeviceInfo,
    DeviceRegistration,
    Health,
    OnlineAccepted,
    OnlineSubmission,
    Problem,
    ReferenceKind,
    ReferencePage,
    SignOut,
    SlotMove,
    TokenRequest,
    TokenResponse,
)

State = Annotated[Central, Depends(central)]
PROBLEM_REF = {"schema": {"$ref": "#/components/schemas/Problem"}}


def problem(description: str) -> dict[str, object]:
    """A Problem response, documented under ``application/problem+json`` (what is sent)."""
    return {
        "model": Problem,
        "description": description,
        "content": {"application/problem+json": PROBLEM_REF},
    }


PROBLEMS: dict[int | str, dict[str, object]] = {
    400: problem("malformed request"),
    401: problem("no valid sign-in"),
    403: problem("not allowed for this sign-in"),
    404: problem("not found"),
    409: problem("conflict with what the centre holds"),
    422: problem("invalid request body or parameters"),
    429: problem("too many requests (Retry-After)"),
    500: problem("unexpected failure (logged without personal data)"),
    503: problem("busy or unavailable (Retry-After)"),
}
api = APIRouter(prefix=API_PREFIX, responses=PROBLEMS)


@api.get("/health", response_model=Health, tags=["meta"])
def health(c: State) -> Health:
    from sqlalchemy import select

    from sync.central import db

    with reading(c.engine) as conn:
        ids = list(conn.execute(select(db.agencies.c.id).order_by(db.agencies.c.id)).scalars())
    return Health(status="ok", server_time=now_vn(), version=c.version, agency_ids=ids)


@api.post("/auth/token", response_model=TokenResponse, tags=["auth"])
def token(c: State, req: TokenRequest) -> TokenResponse:
    return auth.grant(c, req)


@api.post("/auth/sign-out", status_code=204, tags=["auth"])
def sign_out(c: State, req: SignOut) -> Response:
    auth.sign_out(c, req)
    return Response(status_code=204)


@api.post("/devices", response_model=DeviceGrant, status_code=201, tags=["devices"])
def register_device(c: State, who: Caller, req: DeviceRegistration) -> DeviceGrant:
    return devices.register(c, who, req)


@api.post("/devices/{device_id}/move-slot", response_model=DeviceGrant, tags=["devices"])
def move_slot(c: State, who: Caller, device_id: str, req: SlotMove) -> DeviceGrant:
    return devices.move_slot(c, who, device_id, req)


@api.get("/devices/{device_id}", response_model=DeviceInfo, tags=["devices"])
def device_info(c: State, who: Caller, device_id: str) -> DeviceInfo:
    return devices.info(c, who, device_id)


@api.post("/commands", response_model=BatchResult, tags=["commands"])
def push_commands(c: State, who: Caller, batch: CommandBatch) -> BatchResult:
    return commands.push(c, who, batch)


Cursor = Annotated[str | None, Query(max_length=40)]
Limit = Annotated[int, Query(ge=1, le=500)]


@api.get("/reference/{kind}", response_model=ReferencePage, tags=["reference"])
def reference_page(
    c: State, who: Caller, kind: ReferenceKind, cursor: Cursor = None, limit: Limit = 100
) -> ReferencePage:
    return reference.page(c, who, kind, cursor, limit)


@api.get("/changes", response_model=ChangesPage, tags=["changes"])
def changes(c: State, who: Caller, cursor: Cursor = None, limit: Limit = 200) -> ChangesPage:
    return feed.changes_page(c, who, cursor, limit)


@api.post("/agency/dossiers/{code}/events", response_model=Change, status_code=201, tags=["agency"])
def agency_event(c: State, who: Caller, code: str, event: AgencyEvent) -> Change:
    return feed.agency_event(c, who, code, event)


@api.post("/online-dossiers", response_model=OnlineAccepted, status_code=201, tags=["agency"])
def online_dossier(c: State, who: Caller, sub: OnlineSubmission) -> OnlineAccepted:
    return feed.submit_online(c, who, sub)


@api.get("/dossiers/{code}/national", response_model=NationalExport, tags=["national"])
def national_record(c: State, who: Caller, code: str) -> NationalExport:
    return export(c, who, code)


TusResumable = Annotated[str | None, Header(alias="Tus-Resumable")]
FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    412: problem("unsupported tus version"),
    413: problem("too large"),
    415: problem("wrong content type"),
    460: problem("checksum mismatch"),
}


@api.options("/files", status_code=204, tags=["files"])
def files_options() -> Response:
    return files.options()


@api.post("/files", status_code=201, tags=["files"], responses=FILE_RESPONSES)
def files_create(
    c: State,
    who: Caller,
    upload_length: Annotated[int, Header(alias="Upload-Length", ge=0)],
    tus_resumable: TusResumable = None,
    upload_metadata: Annotated[str | None, Header(alias="Upload-Metadata")] = None,
) -> Response:
    files.check_version(tus_resumable)
    return files.create(c, who, upload_length, upload_metadata)


@api.head("/files/{upload_id}", tags=["files"], responses=FILE_RESPONSES)
def files_head(
    c: State, who: Caller, upload_id: str, tus_resumable: TusResumable = None
) -> Response:
    files.check_version(tus_resumable)
    return files.head(c, who, upload_id)


@api.patch("/files/{upload_id}", status_code=204, tags=["files"], responses=FILE_RESPONSES)
async def files_patch(
    request: Request,
    c: State,
    who: Caller,
    upload_id: str,
    upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0)],
    tus_resumable: TusResumable = None,
    content_type: Annotated[str | None, Header(alias="Content-Type")] = None,
    upload_checksum: Annotated[str | None, Header(alias="Upload-Checksum")] = None,
) -> Response:
    from starlette.concurrency import run_in_threadpool

    files.check_version(tus_resumable)
    chunk = await request.body()
    return await run_in_threadpool(
        files.patch, c, who, upload_id, upload_offset, content_type, upload_checksum, chunk
    )


@api.delete("/files/{upload_id}", status_code=204, tags=["files"], responses=FILE_RESPONSES)
def files_delete(
    c: State, who: Caller, upload_id: str, tus_resumable: TusResumable = None
) -> Response:
    files.check_version(tus_resumable)
    return files.terminate(c, who, upload_id)


def create_app(c: Central, *, create_tables: bool = True) -> FastAPI:
    if create_tables:
        create_schema(c.engine)
    app = FastAPI(
        title="counter-app central",
        version="1",
        description="The reference central one-stop system: the wire contract of counter-app sync.",
    )
    app.state.central = c
    install(app)
    app.include_router(api)
    return app
