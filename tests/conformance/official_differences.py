"""Deliberate and pending differences from the official 0.3.2 package's public surface.

``test_official_surface.py`` compares the official package with ours module by module
and fails on any difference not listed here, and on any listed difference that is gone.
Keys: ``module`` (the whole module), ``module:Name``, ``module:Class.member``. Values:
one line, starting with

* ``deliberate:`` -- ours differs on purpose (extra API, internals of the official
  client, pydantic machinery, ...);
* ``pending: <area>:`` -- a gap someone is closing; remove the line when it is closed.
"""


OFFICIAL_DIFFERENCES: dict[str, str] = {
    # -- mosaicolabs -------------------------------------------------------------------------------
    "mosaicolabs:APIKeyPermissionEnum": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:APIKeyStatus": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:GRPCCompression": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:GRPCCompressionAlgorithm":
        "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:GRPCCompressionLevel": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:IPCCompression": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:MosaicoError": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:Notification": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:NotificationType": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:OnErrorPolicy": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:RetryPolicy": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:ServerVersion": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:TimeRange": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:__version__": "deliberate: a top-level export of ours (documented API)",
    "mosaicolabs:arrow_field": "deliberate: a top-level export of ours (documented API)",
    # -- mosaicolabs.comm --------------------------------------------------------------------------
    "mosaicolabs.comm:GRPCCompression":
        "deliberate: an extra export of ours (documented import path)",
    "mosaicolabs.comm:IPCCompression":
        "deliberate: an extra export of ours (documented import path)",
    "mosaicolabs.comm.connection": (
        "deliberate: the official transport's connection pool and batch constants; ours is "
        "adapters/flight"),
    "mosaicolabs.comm.do_action": (
        "deliberate: the official transport's DoAction plumbing (private names only); ours is "
        "adapters/flight"),
    "mosaicolabs.comm.executor_pool":
        "deliberate: the official transport's thread pool (private names only)",
    "mosaicolabs.comm.middlewares:MosaicoAuthMiddleware": (
        "deliberate: ours subclasses pyarrow's ClientMiddleware through a shared headers "
        "middleware"),
    "mosaicolabs.comm.middlewares:MosaicoAuthMiddlewareFactory": (
        "deliberate: ours subclasses pyarrow's ClientMiddlewareFactory through a shared headers "
        "factory"),
    "mosaicolabs.comm.mosaico_client:MosaicoClient":
        "deliberate: users call connect() or from_env(); the constructor is internal",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.closed":
        "deliberate: extra API of ours (whether close() ran)",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.connect": (
        "deliberate: extra keyword-only options of ours (TLS, call and stream timeouts, "
        "compression, retry)"),
    "mosaicolabs.comm.mosaico_client:MosaicoClient.embedded":
        "deliberate: extra API of ours (a client over the in-process engine)",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.from_container":
        "deliberate: extra API of ours (a client from a configured container)",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.from_env":
        "deliberate: **kwargs passes connect()'s extra options",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.info":
        "deliberate: extra API of ours (server and connection details)",
    "mosaicolabs.comm.mosaico_client:MosaicoClient.layers":
        "deliberate: extra API of ours (mosaicod 0.3.0's layer actions)",
    # -- mosaicolabs.enum --------------------------------------------------------------------------
    "mosaicolabs.enum:FlightAction":
        "deliberate: internal wire action names (see mosaicolabs.enum.flight_action)",
    "mosaicolabs.enum:GRPCCompressionAlgorithm":
        "deliberate: an extra export of ours (documented import path)",
    "mosaicolabs.enum:GRPCCompressionLevel":
        "deliberate: an extra export of ours (documented import path)",
    "mosaicolabs.enum:NotificationType":
        "deliberate: an extra export of ours (documented import path)",
    "mosaicolabs.enum.flight_action": (
        "deliberate: FlightAction, wire action names the official marks internal; ours are in "
        "adapters/flight"),
    # -- mosaicolabs.handlers ----------------------------------------------------------------------
    "mosaicolabs.handlers.base_session_writer":
        "deliberate: the official module holds only the private _BaseSessionWriter",
    "mosaicolabs.handlers.helpers":
        "deliberate: the official module holds only private name checks",
    "mosaicolabs.handlers.sequence_handler:SequenceHandler":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.sequence_handler:SequenceHandler.created_datetime":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_handler:SequenceHandler.get_data_streamer":
        "deliberate: topics=None (all topics) instead of a mutable [] default; same meaning",
    "mosaicolabs.handlers.sequence_handler:SequenceHandler.snapshot":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_handler:SequenceHandler.to_pandas":
        "deliberate: extra API of ours (the sequence as a DataFrame)",
    "mosaicolabs.handlers.sequence_reader:SequenceDataStreamer":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.sequence_reader:SequenceDataStreamer.topic_names":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_updater:SequenceUpdater":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.sequence_updater:SequenceUpdater.last_error":
        "deliberate: extra API of ours (the error that ended the session, if any)",
    "mosaicolabs.handlers.sequence_updater:SequenceUpdater.on_error":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_updater:SequenceUpdater.sequence_name":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_updater:SequenceUpdater.status":
        "deliberate: extra API of ours (the writer's status, as SequenceWriter.status)",
    "mosaicolabs.handlers.sequence_writer:SequenceWriter":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.sequence_writer:SequenceWriter.last_error":
        "deliberate: extra API of ours (the error that ended the session, if any)",
    "mosaicolabs.handlers.sequence_writer:SequenceWriter.on_error": "deliberate: extra API of ours",
    "mosaicolabs.handlers.sequence_writer:SequenceWriter.sequence_name":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_handler:TopicHandler":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.topic_handler:TopicHandler.created_datetime":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_handler:TopicHandler.reload": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_handler:TopicHandler.snapshot": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_handler:TopicHandler.to_arrow":
        "deliberate: extra API of ours (the topic as an Arrow table)",
    "mosaicolabs.handlers.topic_handler:TopicHandler.to_pandas":
        "deliberate: extra API of ours (the topic as a DataFrame)",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer.iter_batches":
        "deliberate: extra API of ours (the stream as Arrow record batches)",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer.model": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer.schema": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer.to_arrow":
        "deliberate: extra API of ours (the rest of the stream as an Arrow table)",
    "mosaicolabs.handlers.topic_reader:TopicDataStreamer.topic_name":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter":
        "deliberate: built by the client, never by users; the constructor is internal",
    "mosaicolabs.handlers.topic_writer:TopicWriter.finalize": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.flush": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.on_error": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.ontology_type": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.push_batch":
        "deliberate: extra API of ours (columnar writes)",
    "mosaicolabs.handlers.topic_writer:TopicWriter.rows_acknowledged":
        "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.rows_buffered": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.rows_sent": "deliberate: extra API of ours",
    "mosaicolabs.handlers.topic_writer:TopicWriter.schema": "deliberate: extra API of ours",
    # -- mosaicolabs.ml ----------------------------------------------------------------------------
    "mosaicolabs.ml:Window": "deliberate: extra API of ours (Arrow-first windows)",
    "mosaicolabs.ml:aligned": "deliberate: extra API of ours (aligned reader on a time grid)",
    "mosaicolabs.ml:flatten_columns": "deliberate: extra API of ours",
    "mosaicolabs.ml:topic_windows": "deliberate: extra API of ours",
    "mosaicolabs.ml:windows": "deliberate: extra API of ours",
    "mosaicolabs.ml.sync_policies.hold:SyncAsOf.sync_limits": (
        "deliberate: extra API of ours (lets SyncTransformer resample a built-in policy "
        "column-wise)"),
    "mosaicolabs.ml.sync_policies.hold:SyncDrop.sync_limits": (
        "deliberate: extra API of ours (lets SyncTransformer resample a built-in policy "
        "column-wise)"),
    "mosaicolabs.ml.sync_policies.hold:SyncHold.sync_limits": (
        "deliberate: extra API of ours (lets SyncTransformer resample a built-in policy "
        "column-wise)"),
    "mosaicolabs.ml.sync_transformer:SyncTransformer": (
        "deliberate: the same default policy=SyncHold(); its repr names the module that "
        "defines our SyncHold (mosaicolabs.application.ml.policies)"),
    # -- mosaicolabs.models ------------------------------------------------------------------------
    "mosaicolabs.models.data.geometry:Point2d": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.geometry:Point3d": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.geometry:Quaternion": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.geometry:Vector2d": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.geometry:Vector3d": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.geometry:Vector4d": (
        "deliberate: components default to None (their Arrow columns are nullable and a stored "
        "null reads back as None); every official call, all components given, works the same"),
    "mosaicolabs.models.data.kinematics:Acceleration.check_at_least_one_exists": (
        "deliberate: a pydantic validator hook; our models check values in their generated "
        "__init__"),
    "mosaicolabs.models.data.kinematics:Velocity.check_at_least_one_exists": (
        "deliberate: a pydantic validator hook; our models check values in their generated "
        "__init__"),
    "mosaicolabs.models.message:Message": (
        "deliberate: also Generic, so Message(data=IMU(...)) is a Message[IMU] to type "
        "checkers; also takes positional arguments"),
    "mosaicolabs.models.message:Message.get_data":
        "deliberate: target_type is optional in ours (the payload as it is)",
    "mosaicolabs.models.platform.sequence:Sequence": (
        "deliberate: a frozen dataclass built from server replies (official: pydantic), not built"
        " by users"),
    "mosaicolabs.models.platform.sequence:Sequence.created_at_ns":
        "deliberate: our name for the creation time in ns (official: created_timestamp)",
    "mosaicolabs.models.platform.sequence:Sequence.time_range": "deliberate: extra API of ours",
    "mosaicolabs.models.platform.sequence:Sequence.topic_names": "deliberate: extra API of ours",
    "mosaicolabs.models.platform.session:Session": (
        "deliberate: a frozen dataclass built from server replies, not by users; its fields are"
        " created_at_ns/completed_at_ns, and created_timestamp, completed_timestamp and locked "
        "are read-only properties under the official names"),
    "mosaicolabs.models.platform.session:Session.completed_at_ns":
        "deliberate: our name for the completion time in ns (official: completed_timestamp)",
    "mosaicolabs.models.platform.session:Session.created_at_ns":
        "deliberate: our name for the creation time in ns (official: created_timestamp)",
    "mosaicolabs.models.platform.session:Session.created_datetime": "deliberate: extra API of ours",
    "mosaicolabs.models.platform.topic:Topic": (
        "deliberate: a frozen dataclass built from server replies (official: pydantic), not built"
        " by users"),
    "mosaicolabs.models.platform.topic:Topic.completed_at_ns":
        "deliberate: our name for the completion time in ns",
    "mosaicolabs.models.platform.topic:Topic.created_at_ns":
        "deliberate: our name for the creation time in ns (official: created_timestamp)",
    "mosaicolabs.models.platform.topic:Topic.locator":
        "deliberate: extra API of ours (the <sequence>/<topic> wire locator)",
    "mosaicolabs.models.platform.topic:Topic.time_range": "deliberate: extra API of ours",
    "mosaicolabs.models.platform.topic:Topic.total_bytes":
        "deliberate: our name for the stored size (official: total_size_bytes)",
    "mosaicolabs.models.query.builders:Query.to_blocks": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryOntologyCatalog.include_timestamp_range":
        "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryOntologyCatalog.is_empty":
        "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryOntologyCatalog.scope": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryOntologyCatalog.to_block":
        "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryOntologyCatalog.with_expression":
        "deliberate: expr is optional; ours also takes keyword-only expression= (older name)",
    "mosaicolabs.models.query.builders:QuerySequence.is_empty": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QuerySequence.scope": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QuerySequence.to_block": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QuerySequence.with_created_timestamp":
        "deliberate: extra keyword-only start/end of ours",
    "mosaicolabs.models.query.builders:QuerySequence.with_expression":
        "deliberate: expr is optional; ours also takes keyword-only expression= (older name)",
    "mosaicolabs.models.query.builders:QuerySequence.with_name_match":
        "deliberate: name is optional; ours also takes keyword-only text= (older name)",
    "mosaicolabs.models.query.builders:QueryTopic.is_empty": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryTopic.scope": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryTopic.to_block": "deliberate: extra API of ours",
    "mosaicolabs.models.query.builders:QueryTopic.with_created_timestamp":
        "deliberate: extra keyword-only start/end of ours",
    "mosaicolabs.models.query.builders:QueryTopic.with_expression":
        "deliberate: expr is optional; ours also takes keyword-only expression= (older name)",
    "mosaicolabs.models.query.builders:QueryTopic.with_name_match":
        "deliberate: name is optional; ours also takes keyword-only text= (older name)",
    "mosaicolabs.models.query.builders:QueryTopic.with_ontology_tag":
        "deliberate: ontology_tag is optional; ours also takes keyword-only tag= (older name)",
    "mosaicolabs.models.query.expressions":
        "deliberate: the official module holds only private expression classes",
    "mosaicolabs.models.query.generation.mixins":
        "deliberate: the official module holds only private query-field mixins",
    "mosaicolabs.models.query.generation.pydantic_mapper": (
        "deliberate: PydanticFieldMapper maps pydantic fields to query proxies; our models are "
        "not pydantic"),
    "mosaicolabs.models.query.response:QueryResponse.from_hits": "deliberate: extra API of ours",
    "mosaicolabs.models.query.response:QueryResponseItem":
        "deliberate: topics defaults to [] in ours",
    "mosaicolabs.models.query.response:QueryResponseItemTopic":
        "deliberate: timestamp_range defaults to None in ours",
    "mosaicolabs.models.query.response:TimestampRange":
        "deliberate: a NamedTuple, so start, end = r unpacking works too",
    "mosaicolabs.models.sensors.range:Range.validate_min_and_max_range": (
        "deliberate: a pydantic validator hook; our models check values in their generated "
        "__init__"),
    "mosaicolabs.models.sensors.range:Range.validate_range": (
        "deliberate: a pydantic validator hook; our models check values in their generated "
        "__init__"),
    "mosaicolabs.models.serializable:Serializable": (
        "deliberate: derives from BaseModel through PydanticNames (pydantic's method names "
        "over dataclass fields); issubclass(Serializable, BaseModel) holds"),
    "mosaicolabs.models.serializable:Serializable.arrow_fields":
        "deliberate: extra API of ours (the model's Arrow fields)",
    "mosaicolabs.models.serializable:Serializable.arrow_struct":
        "deliberate: extra API of ours (the model's Arrow struct type)",
    "mosaicolabs.models.serializable:Serializable.model_spec":
        "deliberate: extra API of ours (the model's field specs)",
    "mosaicolabs.models.serializable:Serializable.to_dict":
        "deliberate: extra API of ours (the model as plain data)",
    # -- mosaicolabs.platform ----------------------------------------------------------------------
    "mosaicolabs.platform.api_key:APIKeyStatus": (
        "deliberate: built from server replies, never by users; ours also carries the fingerprint"
        " and permission"),
    "mosaicolabs.platform.api_key:APIKeyStatus.api_key_fingerprint":
        "deliberate: extra API of ours",
    "mosaicolabs.platform.api_key:APIKeyStatus.created_datetime": "deliberate: extra API of ours",
    "mosaicolabs.platform.api_key:APIKeyStatus.expires_datetime": "deliberate: extra API of ours",
    "mosaicolabs.platform.api_key:APIKeyStatus.expired_at":
        "deliberate: extra API of ours (expiry at a given instant)",
    "mosaicolabs.platform.api_key:APIKeyStatus.permission": "deliberate: extra API of ours",
    "mosaicolabs.platform.helpers":
        "deliberate: ParsingError of the official's metadata decoding; ours raises ProtocolError",
    "mosaicolabs.platform.metadata": (
        "deliberate: the official's server-metadata decoders (PlatformMetadata, SequenceMetadata,"
        " TopicMetadata); ours decode in adapters/flight"),
    "mosaicolabs.platform.resource_info":
        "deliberate: TopicResourceInfo, a decoded server record; ours is domain.catalog.Topic",
    "mosaicolabs.platform.resource_manifests": (
        "deliberate: the official's decoded server manifests and their errors; ours are "
        "domain.catalog records and ProtocolError"),
    # -- mosaicolabs.types -------------------------------------------------------------------------
    "mosaicolabs.types.time:Time":
        "deliberate: a plain dataclass value type (official: pydantic), same fields and methods",
    "mosaicolabs.models.base_model:BaseModel":
        "deliberate: our models are plain slotted classes, not pydantic models",
    "mosaicolabs.models.mixins:CovarianceMixin":
        "deliberate: a mixin only lends its fields to the models' generated constructors",
    "mosaicolabs.models.mixins:VarianceMixin":
        "deliberate: a mixin only lends its fields to the models' generated constructors",
}
