package io.streamcert.reference.http;

import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.protocol.Cursors;
import io.streamcert.reference.stream.Streams;

/** What the handlers share: the engine, the settings and the cursor clock. */
record HttpContext(Streams streams, ServerConfig config, Cursors cursors) {}
