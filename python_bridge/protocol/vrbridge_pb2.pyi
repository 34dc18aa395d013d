from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GazeSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GAZE_SOURCE_UNSPECIFIED: _ClassVar[GazeSource]
    GAZE_SOURCE_HEAD: _ClassVar[GazeSource]
    GAZE_SOURCE_EYE: _ClassVar[GazeSource]

class InteractionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERACTION_KIND_UNSPECIFIED: _ClassVar[InteractionKind]
    INTERACTION_KIND_HOVER: _ClassVar[InteractionKind]
    INTERACTION_KIND_SELECT: _ClassVar[InteractionKind]
    INTERACTION_KIND_ACTIVATE: _ClassVar[InteractionKind]

class ContentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_KIND_UNSPECIFIED: _ClassVar[ContentKind]
    CONTENT_KIND_ROOM: _ClassVar[ContentKind]
    CONTENT_KIND_TEXTURE: _ClassVar[ContentKind]
    CONTENT_KIND_TERRAIN: _ClassVar[ContentKind]
    CONTENT_KIND_CHARACTER: _ClassVar[ContentKind]

class AckStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACK_STATUS_UNSPECIFIED: _ClassVar[AckStatus]
    ACK_STATUS_APPLIED: _ClassVar[AckStatus]
    ACK_STATUS_REJECTED: _ClassVar[AckStatus]
GAZE_SOURCE_UNSPECIFIED: GazeSource
GAZE_SOURCE_HEAD: GazeSource
GAZE_SOURCE_EYE: GazeSource
INTERACTION_KIND_UNSPECIFIED: InteractionKind
INTERACTION_KIND_HOVER: InteractionKind
INTERACTION_KIND_SELECT: InteractionKind
INTERACTION_KIND_ACTIVATE: InteractionKind
CONTENT_KIND_UNSPECIFIED: ContentKind
CONTENT_KIND_ROOM: ContentKind
CONTENT_KIND_TEXTURE: ContentKind
CONTENT_KIND_TERRAIN: ContentKind
CONTENT_KIND_CHARACTER: ContentKind
ACK_STATUS_UNSPECIFIED: AckStatus
ACK_STATUS_APPLIED: AckStatus
ACK_STATUS_REJECTED: AckStatus

class SchemaHeader(_message.Message):
    __slots__ = ("major", "minor")
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    MINOR_FIELD_NUMBER: _ClassVar[int]
    major: int
    minor: int
    def __init__(self, major: _Optional[int] = ..., minor: _Optional[int] = ...) -> None: ...

class FeedbackBatch(_message.Message):
    __slots__ = ("header", "events")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    header: SchemaHeader
    events: _containers.RepeatedCompositeFieldContainer[FeedbackEvent]
    def __init__(self, header: _Optional[_Union[SchemaHeader, _Mapping]] = ..., events: _Optional[_Iterable[_Union[FeedbackEvent, _Mapping]]] = ...) -> None: ...

class FeedbackEvent(_message.Message):
    __slots__ = ("player_id", "session_id", "timestamp_s", "content_id", "gaze_dwell", "rating", "interaction", "comfort", "locomotion", "session_start", "session_end")
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_S_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ID_FIELD_NUMBER: _ClassVar[int]
    GAZE_DWELL_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_FIELD_NUMBER: _ClassVar[int]
    COMFORT_FIELD_NUMBER: _ClassVar[int]
    LOCOMOTION_FIELD_NUMBER: _ClassVar[int]
    SESSION_START_FIELD_NUMBER: _ClassVar[int]
    SESSION_END_FIELD_NUMBER: _ClassVar[int]
    player_id: str
    session_id: str
    timestamp_s: float
    content_id: str
    gaze_dwell: GazeDwell
    rating: Rating
    interaction: Interaction
    comfort: ComfortReport
    locomotion: Locomotion
    session_start: SessionStart
    session_end: SessionEnd
    def __init__(self, player_id: _Optional[str] = ..., session_id: _Optional[str] = ..., timestamp_s: _Optional[float] = ..., content_id: _Optional[str] = ..., gaze_dwell: _Optional[_Union[GazeDwell, _Mapping]] = ..., rating: _Optional[_Union[Rating, _Mapping]] = ..., interaction: _Optional[_Union[Interaction, _Mapping]] = ..., comfort: _Optional[_Union[ComfortReport, _Mapping]] = ..., locomotion: _Optional[_Union[Locomotion, _Mapping]] = ..., session_start: _Optional[_Union[SessionStart, _Mapping]] = ..., session_end: _Optional[_Union[SessionEnd, _Mapping]] = ...) -> None: ...

class GazeDwell(_message.Message):
    __slots__ = ("element_id", "dwell_s", "source")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DWELL_S_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    dwell_s: float
    source: GazeSource
    def __init__(self, element_id: _Optional[str] = ..., dwell_s: _Optional[float] = ..., source: _Optional[_Union[GazeSource, str]] = ...) -> None: ...

class Rating(_message.Message):
    __slots__ = ("value", "scale_min", "scale_max")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SCALE_MIN_FIELD_NUMBER: _ClassVar[int]
    SCALE_MAX_FIELD_NUMBER: _ClassVar[int]
    value: float
    scale_min: float
    scale_max: float
    def __init__(self, value: _Optional[float] = ..., scale_min: _Optional[float] = ..., scale_max: _Optional[float] = ...) -> None: ...

class Interaction(_message.Message):
    __slots__ = ("element_id", "kind", "duration_s")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    kind: InteractionKind
    duration_s: float
    def __init__(self, element_id: _Optional[str] = ..., kind: _Optional[_Union[InteractionKind, str]] = ..., duration_s: _Optional[float] = ...) -> None: ...

class ComfortReport(_message.Message):
    __slots__ = ("discomfort", "reason")
    DISCOMFORT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    discomfort: float
    reason: str
    def __init__(self, discomfort: _Optional[float] = ..., reason: _Optional[str] = ...) -> None: ...

class Locomotion(_message.Message):
    __slots__ = ("speed_mps", "distance_m", "turn_rate_dps", "window_s")
    SPEED_MPS_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_M_FIELD_NUMBER: _ClassVar[int]
    TURN_RATE_DPS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_S_FIELD_NUMBER: _ClassVar[int]
    speed_mps: float
    distance_m: float
    turn_rate_dps: float
    window_s: float
    def __init__(self, speed_mps: _Optional[float] = ..., distance_m: _Optional[float] = ..., turn_rate_dps: _Optional[float] = ..., window_s: _Optional[float] = ...) -> None: ...

class SessionStart(_message.Message):
    __slots__ = ("device", "app_version")
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    APP_VERSION_FIELD_NUMBER: _ClassVar[int]
    device: str
    app_version: str
    def __init__(self, device: _Optional[str] = ..., app_version: _Optional[str] = ...) -> None: ...

class SessionEnd(_message.Message):
    __slots__ = ("reason", "duration_s")
    REASON_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    reason: str
    duration_s: float
    def __init__(self, reason: _Optional[str] = ..., duration_s: _Optional[float] = ...) -> None: ...

class Provenance(_message.Message):
    __slots__ = ("generator", "checkpoint_sha256", "latent", "condition", "seed", "policy", "created_unix_s")
    GENERATOR_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_SHA256_FIELD_NUMBER: _ClassVar[int]
    LATENT_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    CREATED_UNIX_S_FIELD_NUMBER: _ClassVar[int]
    generator: str
    checkpoint_sha256: str
    latent: _containers.RepeatedScalarFieldContainer[float]
    condition: _containers.RepeatedScalarFieldContainer[float]
    seed: int
    policy: str
    created_unix_s: float
    def __init__(self, generator: _Optional[str] = ..., checkpoint_sha256: _Optional[str] = ..., latent: _Optional[_Iterable[float]] = ..., condition: _Optional[_Iterable[float]] = ..., seed: _Optional[int] = ..., policy: _Optional[str] = ..., created_unix_s: _Optional[float] = ...) -> None: ...

class ContentMessage(_message.Message):
    __slots__ = ("header", "content_id", "kind", "provenance", "slot", "room", "texture", "terrain", "character")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    ROOM_FIELD_NUMBER: _ClassVar[int]
    TEXTURE_FIELD_NUMBER: _ClassVar[int]
    TERRAIN_FIELD_NUMBER: _ClassVar[int]
    CHARACTER_FIELD_NUMBER: _ClassVar[int]
    header: SchemaHeader
    content_id: str
    kind: ContentKind
    provenance: Provenance
    slot: str
    room: RoomGrid
    texture: Texture
    terrain: Terrain
    character: CharacterParams
    def __init__(self, header: _Optional[_Union[SchemaHeader, _Mapping]] = ..., content_id: _Optional[str] = ..., kind: _Optional[_Union[ContentKind, str]] = ..., provenance: _Optional[_Union[Provenance, _Mapping]] = ..., slot: _Optional[str] = ..., room: _Optional[_Union[RoomGrid, _Mapping]] = ..., texture: _Optional[_Union[Texture, _Mapping]] = ..., terrain: _Optional[_Union[Terrain, _Mapping]] = ..., character: _Optional[_Union[CharacterParams, _Mapping]] = ...) -> None: ...

class RoomGrid(_message.Message):
    __slots__ = ("width", "height", "tiles", "tile_size_m", "props")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    TILES_FIELD_NUMBER: _ClassVar[int]
    TILE_SIZE_M_FIELD_NUMBER: _ClassVar[int]
    PROPS_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    tiles: bytes
    tile_size_m: float
    props: _containers.RepeatedCompositeFieldContainer[PropPlacement]
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., tiles: _Optional[bytes] = ..., tile_size_m: _Optional[float] = ..., props: _Optional[_Iterable[_Union[PropPlacement, _Mapping]]] = ...) -> None: ...

class PropPlacement(_message.Message):
    __slots__ = ("prop_id", "x", "y", "rotation_deg", "scale", "interactable")
    PROP_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    ROTATION_DEG_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    INTERACTABLE_FIELD_NUMBER: _ClassVar[int]
    prop_id: str
    x: int
    y: int
    rotation_deg: float
    scale: float
    interactable: bool
    def __init__(self, prop_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., rotation_deg: _Optional[float] = ..., scale: _Optional[float] = ..., interactable: bool = ...) -> None: ...

class Texture(_message.Message):
    __slots__ = ("width", "height", "rgb8", "tileable", "material_family")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    RGB8_FIELD_NUMBER: _ClassVar[int]
    TILEABLE_FIELD_NUMBER: _ClassVar[int]
    MATERIAL_FAMILY_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    rgb8: bytes
    tileable: bool
    material_family: str
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., rgb8: _Optional[bytes] = ..., tileable: bool = ..., material_family: _Optional[str] = ...) -> None: ...

class Terrain(_message.Message):
    __slots__ = ("width", "height", "heights_m", "cell_size_m")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    HEIGHTS_M_FIELD_NUMBER: _ClassVar[int]
    CELL_SIZE_M_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    heights_m: _containers.RepeatedScalarFieldContainer[float]
    cell_size_m: float
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., heights_m: _Optional[_Iterable[float]] = ..., cell_size_m: _Optional[float] = ...) -> None: ...

class CharacterParams(_message.Message):
    __slots__ = ("names", "values")
    NAMES_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, names: _Optional[_Iterable[str]] = ..., values: _Optional[_Iterable[float]] = ...) -> None: ...

class ContentChunk(_message.Message):
    __slots__ = ("header", "content_id", "index", "count", "total_bytes", "crc32", "data")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ID_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    CRC32_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    header: SchemaHeader
    content_id: str
    index: int
    count: int
    total_bytes: int
    crc32: int
    data: bytes
    def __init__(self, header: _Optional[_Union[SchemaHeader, _Mapping]] = ..., content_id: _Optional[str] = ..., index: _Optional[int] = ..., count: _Optional[int] = ..., total_bytes: _Optional[int] = ..., crc32: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class ContentAck(_message.Message):
    __slots__ = ("header", "content_id", "status", "reason", "timestamp_s", "apply_ms")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_S_FIELD_NUMBER: _ClassVar[int]
    APPLY_MS_FIELD_NUMBER: _ClassVar[int]
    header: SchemaHeader
    content_id: str
    status: AckStatus
    reason: str
    timestamp_s: float
    apply_ms: float
    def __init__(self, header: _Optional[_Union[SchemaHeader, _Mapping]] = ..., content_id: _Optional[str] = ..., status: _Optional[_Union[AckStatus, str]] = ..., reason: _Optional[str] = ..., timestamp_s: _Optional[float] = ..., apply_ms: _Optional[float] = ...) -> None: ...
