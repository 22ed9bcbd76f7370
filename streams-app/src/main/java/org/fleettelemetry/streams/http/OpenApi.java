package org.fleettelemetry.streams.http;

/** The OpenAPI 3 description of the query API, served at {@code /openapi.json}. */
final class OpenApi {
    private OpenApi() {}

    static final String DOCUMENT = """
            {
              "openapi": "3.0.3",
              "info": {
                "title": "fleet-telemetry query API",
                "version": "1",
                "description": "The streams app's state: open outages, sites, endpoints, failure counts. Ask any instance: a key lookup is forwarded to the instance owning the key, a collection is gathered from all instances (partial=true says some did not answer). During a rebalance a standby copy answers when its changelog lag is at most maxLag records; else 503 with Retry-After. Times are ISO-8601. Every error, including those of requests the server cannot read (400, 414 for a request line too long, 431 for headers too large), is a JSON {code, message}; a method a path does not list is 405 with an Allow header. Who may do what: a token of api.tokens is an admin of every site; a named principal (api.principal.<name>.*) is a viewer, operator or admin, scoped to some sites. A site outside the caller's scope, its endpoints and its outages answer 404 exactly as if they did not exist, collections leave them out, and an outage across sites (FLEET, PROXY) lists only the caller's sites (hidden when none is), with its affected and active counts, ratio and samples over those sites alone (its severity stays the whole outage's). 403 (Forbidden) is the answer of a route that needs more than the caller's role (acknowledging and silencing: operator; expiring another principal's silence: admin); reads never answer 403."
              },
              "security": [{"bearer": []}],
              "paths": {
                "/api/v1/outages": {
                  "get": {
                    "summary": "Open outages, from all instances",
                    "parameters": [
                      {"$ref": "#/components/parameters/maxLag"},
                      {"name": "site", "in": "query", "schema": {"type": "string"}, "description": "SITE/HOST outages of the site and FLEET outages listing it"},
                      {"name": "scope", "in": "query", "schema": {"type": "string", "enum": ["HOST", "SITE", "PROXY", "FLEET"]}, "description": "The exact scope (outageScope): PROXY is one proxy failing at several sites, FLEET the same class through different paths"},
                      {"name": "severity", "in": "query", "schema": {"type": "string", "enum": ["LOW", "MEDIUM", "HIGH", "CRITICAL"]}}
                    ],
                    "responses": {
                      "200": {"description": "Merged page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OutagePage"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/outages/{alertId}": {
                  "get": {
                    "summary": "One open outage, from the instance owning it",
                    "parameters": [{"name": "alertId", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "The outage", "headers": {"X-Fleet-Served-By": {"$ref": "#/components/headers/ServedBy"}, "X-Fleet-Stale-Lag": {"$ref": "#/components/headers/StaleLag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outage"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/me": {
                  "get": {
                    "summary": "Who the bearer token is: its principal's name, role and site scope (a page hides what the role may not use)",
                    "responses": {
                      "200": {"description": "The caller", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}},
                      "401": {"$ref": "#/components/responses/Unauthorized"}
                    }
                  }
                },
                "/api/v1/sites": {
                  "get": {
                    "summary": "Every site with endpoint counts (as of now) and open outages, from all instances",
                    "parameters": [{"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "Merged page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SitePage"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/sites/{site}": {
                  "get": {
                    "summary": "One site: counts from the instance owning it, open outages from all",
                    "parameters": [{"$ref": "#/components/parameters/site"}, {"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "The site", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Site"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/sites/{site}/failures": {
                  "get": {
                    "summary": "Failure counts by proxy and error code in the windows starting in [from, to)",
                    "parameters": [
                      {"$ref": "#/components/parameters/site"},
                      {"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Default: to minus one hour"},
                      {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Default: now. to - from must not exceed the windows' retention (window.retention, 24 h by default)"},
                      {"$ref": "#/components/parameters/maxLag"}
                    ],
                    "responses": {
                      "200": {"description": "Counts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FailureReport"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/sites/{site}/endpoints": {
                  "get": {
                    "summary": "The site's endpoints, their state as of now, sorted by id",
                    "parameters": [
                      {"$ref": "#/components/parameters/site"},
                      {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["HEALTHY", "FAILING", "SILENT"]}},
                      {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1000}},
                      {"$ref": "#/components/parameters/maxLag"}
                    ],
                    "responses": {
                      "200": {"description": "Endpoints", "content": {"application/json": {"schema": {"type": "object", "properties": {"site": {"type": "string"}, "state": {"type": "string"}, "matched": {"type": "integer"}, "truncated": {"type": "boolean"}, "items": {"type": "array", "items": {"type": "object"}}}}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/proxies": {
                  "get": {
                    "summary": "Every proxy the endpoints use (DIRECT: no proxy), with its sites, its endpoints summed over them (as of now) and the open outages that name it (a proxy outage across sites once, with its sites), from all instances",
                    "parameters": [{"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "Merged page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProxyPage"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/proxies/{proxy}": {
                  "get": {
                    "summary": "One proxy (host:port, or DIRECT), as /api/v1/proxies gives it; gathered from all instances, since a proxy's sites may be kept by several",
                    "parameters": [{"name": "proxy", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "The proxy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Proxy"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/endpoints/{endpointId}": {
                  "get": {
                    "summary": "One endpoint's status (state as of now), from the instance owning it",
                    "parameters": [{"name": "endpointId", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/maxLag"}],
                    "responses": {
                      "200": {"description": "The endpoint", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Endpoint"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/api/v1/silences": {
                  "get": {
                    "summary": "Every silence (Alertmanager's shape) in the caller's sites, pending, active or expired, newest start first; from this instance's copy of the actions (every instance has all of them)",
                    "responses": {
                      "200": {"description": "Silences", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Silence"}}}}},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  },
                  "post": {
                    "summary": "Create a silence: alerts whose labels (site, proxy, errorClass, errorCode, scope, severity) match every matcher are published with the silence's id in silencedBy from startsAt (a future startsAt is a maintenance window) until endsAt (at most silence.max.duration, 7 days by default, after startsAt). Answered once Kafka acknowledged the action record (acks=all); else 503. Operators and admins; a principal scoped to some sites must give an equality site matcher with one of them.",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SilenceRequest"}}}},
                    "responses": {
                      "201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"silenceID": {"type": "string"}}}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "403": {"$ref": "#/components/responses/Forbidden"},
                      "503": {"$ref": "#/components/responses/NotRecorded"}
                    }
                  }
                },
                "/api/v1/silences/{silenceId}": {
                  "get": {
                    "summary": "One silence",
                    "parameters": [{"name": "silenceId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                      "200": {"description": "The silence", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Silence"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  },
                  "delete": {
                    "summary": "Expire the silence now (its own creator, or an admin); an expired one stays as it is. Answered once Kafka acknowledged the action record; else 503.",
                    "parameters": [{"name": "silenceId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                      "200": {"description": "The silence, expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Silence"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/NotRecorded"}
                    }
                  }
                },
                "/api/v1/outages/{alertId}/ack": {
                  "post": {
                    "summary": "Acknowledge an open outage: an UPDATE (revision + 1) carrying who, when and the comment follows on the alert topic. Operators and admins, within their sites (an outage outside them is not found). Answered once Kafka acknowledged the action record; else 503.",
                    "parameters": [{"name": "alertId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"comment": {"type": "string"}}}}}},
                    "responses": {
                      "200": {"description": "Acknowledged", "content": {"application/json": {"schema": {"type": "object", "properties": {"alertId": {"type": "string"}, "acknowledgedBy": {"type": "string"}, "acknowledgedAt": {"type": "string", "format": "date-time"}, "comment": {"type": "string"}}}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/NotRecorded"}
                    }
                  },
                  "delete": {
                    "summary": "Take the acknowledgement back (an UPDATE without it follows); nothing to do when there is none",
                    "parameters": [{"name": "alertId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                      "204": {"description": "Taken back"},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"},
                      "503": {"$ref": "#/components/responses/NotRecorded"}
                    }
                  }
                },
                "/api/v1/audit": {
                  "get": {
                    "summary": "Who did what, when: every action (silence created or expired, acknowledged, unacknowledged) in [from, to) in the caller's sites, read from the actions topic, oldest first, at most 10000",
                    "parameters": [
                      {"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Default: to minus one day"},
                      {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "Default: now; to - from at most 90 days (the audit period the topic keeps)"}
                    ],
                    "responses": {
                      "200": {"description": "The actions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditPage"}}}},
                      "400": {"$ref": "#/components/responses/BadParameter"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/health/live": {"get": {"summary": "Up unless Kafka Streams failed (ERROR, NOT_RUNNING)", "security": [], "responses": {"200": {"description": "UP"}, "503": {"description": "DOWN"}}}},
                "/health/ready": {"get": {"summary": "Ready only when Kafka Streams is RUNNING", "security": [], "responses": {"200": {"description": "UP"}, "503": {"description": "not ready"}}}},
                "/metrics": {"get": {"summary": "Prometheus exposition (Kafka Streams, JVM, API meters); no business data", "security": [], "responses": {"200": {"description": "text/plain; version=0.0.4"}}}},
                "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3"}}}}
              },
              "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token of api.tokens (admin, every site) or of a principal (api.principal.<name>.token.sha256 holds its SHA-256), or, with api.oidc.* set, a JWT of the OIDC issuer (RS256 or ES256, checked against its JWKS; role and sites from its claims)"}},
                "parameters": {
                  "maxLag": {"name": "maxLag", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}, "description": "Largest changelog lag (records) of a standby or restoring copy accepted when the active one cannot answer"},
                  "site": {"name": "site", "in": "path", "required": true, "schema": {"type": "string"}}
                },
                "headers": {
                  "ServedBy": {"description": "The instance (host:port) whose store answered", "schema": {"type": "string"}},
                  "StaleLag": {"description": "Set when a standby or restoring copy answered: its changelog lag in records", "schema": {"type": "integer"}}
                },
                "responses": {
                  "BadParameter": {"description": "A parameter is malformed or out of range; the message names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Unauthorized": {"description": "Missing or wrong bearer token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "NotFound": {"description": "Unknown site, proxy, endpoint or open outage, or one outside the caller's site scope (the same answer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Forbidden": {"description": "The principal may not do this: a viewer acting, an operator expiring another's silence, an outage or a silence reaching outside its sites", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "NotRecorded": {"description": "Kafka did not acknowledge the action record within 10 s (or the state cannot be read now): nothing was changed; retry after Retry-After seconds", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Unavailable": {"description": "The state cannot be served now (rebalancing, restoring, standby over maxLag): retry after Retry-After seconds", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                },
                "schemas": {
                  "Error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
                  "Me": {"type": "object", "required": ["name", "role", "sites"], "properties": {"name": {"type": "string", "description": "The principal's name; api-token for a token of api.tokens"}, "role": {"type": "string", "enum": ["viewer", "operator", "admin"]}, "sites": {"type": "array", "items": {"type": "string"}, "description": "Site globs (* any characters, ? one); [\\"*\\"] is every site"}}},
                  "Matcher": {"type": "object", "required": ["name", "value"], "properties": {"name": {"type": "string", "enum": ["site", "proxy", "errorClass", "errorCode", "scope", "severity"]}, "value": {"type": "string"}, "isRegex": {"type": "boolean", "default": false}, "isEqual": {"type": "boolean", "default": true}}},
                  "SilenceRequest": {"type": "object", "required": ["matchers", "startsAt", "endsAt"], "properties": {"matchers": {"type": "array", "items": {"$ref": "#/components/schemas/Matcher"}}, "startsAt": {"type": "string", "format": "date-time"}, "endsAt": {"type": "string", "format": "date-time"}, "comment": {"type": "string"}}},
                  "Silence": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "object", "properties": {"state": {"type": "string", "enum": ["pending", "active", "expired"]}}}, "matchers": {"type": "array", "items": {"$ref": "#/components/schemas/Matcher"}}, "startsAt": {"type": "string", "format": "date-time"}, "endsAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"}, "comment": {"type": "string"}, "expiredBy": {"type": "string"}}},
                  "AuditPage": {"type": "object", "properties": {"from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"}, "count": {"type": "integer"}, "truncated": {"type": "boolean"}, "items": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}, "role": {"type": "string"}, "action": {"type": "string", "enum": ["SILENCE_CREATED", "SILENCE_EXPIRED", "ACKNOWLEDGED", "UNACKNOWLEDGED", "OTHER"]}, "subject": {"type": "string"}, "alertId": {"type": "string"}, "silenceId": {"type": "string"}, "comment": {"type": "string"}}}}}},
                  "InstanceFailure": {"type": "object", "properties": {"instance": {"type": "string"}, "reason": {"type": "string"}}},
                  "Outage": {"type": "object", "properties": {"alertId": {"type": "string"}, "status": {"type": "string"}, "revision": {"type": "integer"}, "severity": {"type": "string"}, "scope": {"type": "string", "description": "HOST, SITE or FLEET (a proxy outage across sites is FLEET here, as in the alert's scope)"}, "outageScope": {"type": "string", "enum": ["HOST", "SITE", "PROXY", "FLEET"], "description": "The exact scope: PROXY for one proxy failing for its endpoints at several sites"}, "site": {"type": "string"}, "proxy": {"type": "string"}, "errorCode": {"type": "string"}, "errorClass": {"type": "string"}, "cause": {"type": "string"}, "affectedEndpoints": {"type": "integer"}, "activeEndpoints": {"type": "integer"}, "ratio": {"type": "number"}, "sampleEndpoints": {"type": "array", "items": {"type": "string"}}, "targetHosts": {"type": "array", "items": {"type": "string"}}, "sites": {"type": "array", "items": {"type": "string"}}, "impact": {"type": "array", "items": {"type": "string"}}, "remediation": {"type": "array", "items": {"type": "string"}}, "remediationSteps": {"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"}, "commands": {"type": "array", "items": {"type": "string"}}}}}, "flapping": {"type": "boolean"}, "firstSeen": {"type": "string", "format": "date-time"}, "lastSeen": {"type": "string", "format": "date-time"}, "openedAt": {"type": "string", "format": "date-time"}, "silencedBy": {"type": "array", "items": {"type": "string"}, "description": "The active silences covering it (empty: none)"}, "acknowledgedBy": {"type": "string", "description": "Absent unless acknowledged"}, "acknowledgedAt": {"type": "string", "format": "date-time"}, "acknowledgeComment": {"type": "string"}, "probeConfirmed": {"type": "integer", "description": "Affected endpoints whose latest active probe failed with this errorClass (N in 'confirmed by active probe at N of M endpoints'); absent when none of the affected endpoints probed; summed over the sites of a PROXY or FLEET outage"}, "probeEndpoints": {"type": "integer", "description": "Affected endpoints that have a probe result (M); absent with probeConfirmed"}, "probeFailedStep": {"type": "string", "enum": ["PROXY_RESOLVE", "PROXY_CONNECT", "PROXY_TUNNEL", "RESOLVE", "CONNECT", "TLS_HANDSHAKE", "HTTPS_REQUEST"], "description": "The step most confirmed endpoints' probes failed at; absent when none is confirmed"}, "probeDetail": {"type": "string", "description": "What that step found, e.g. 'PROXY_TUNNEL answered 407'; absent when nothing to add"}}},
                  "Site": {"type": "object", "properties": {"site": {"type": "string"}, "endpoints": {"type": "integer"}, "active": {"type": "integer"}, "failing": {"type": "integer"}, "silent": {"type": "integer"}, "evaluatedAt": {"type": "string", "format": "date-time"}, "openOutages": {"type": "array", "items": {"$ref": "#/components/schemas/Outage"}}, "outagesPartial": {"type": "boolean"}}},
                  "Endpoint": {"type": "object", "properties": {"endpointId": {"type": "string"}, "site": {"type": "string"}, "proxy": {"type": "string"}, "product": {"type": "string"}, "state": {"type": "string", "enum": ["HEALTHY", "FAILING", "SILENT"]}, "lastEvent": {"type": "string", "format": "date-time"}, "lastFailure": {"type": "string", "format": "date-time"}, "lastErrorCode": {"type": "string"}, "lastErrorClass": {"type": "string"}, "lastHealthy": {"type": "string", "format": "date-time"}, "stickySince": {"type": "string", "format": "date-time"}, "lastProbe": {"type": "object", "description": "The latest result of the collector's active probe; absent when the endpoint never probed", "properties": {"at": {"type": "string", "format": "date-time"}, "verdict": {"type": "string", "description": "OK, or the error class the probe failed with"}, "failedStep": {"type": "string"}, "httpStatus": {"type": "integer"}, "tlsIssuer": {"type": "string"}}}}},
                  "FailureReport": {"type": "object", "properties": {"site": {"type": "string"}, "from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"}, "windowSizeMs": {"type": "integer"}, "totals": {"type": "array", "items": {"type": "object", "properties": {"proxy": {"type": "string"}, "errorCode": {"type": "string"}, "errorClass": {"type": "string"}, "count": {"type": "integer"}, "windows": {"type": "integer"}}}}, "windows": {"type": "array", "items": {"type": "object", "properties": {"proxy": {"type": "string"}, "errorCode": {"type": "string"}, "errorClass": {"type": "string"}, "windowStart": {"type": "string", "format": "date-time"}, "windowEnd": {"type": "string", "format": "date-time"}, "count": {"type": "integer"}, "distinctEndpoints": {"type": "integer"}, "endpointsCapped": {"type": "boolean"}, "targetHosts": {"type": "array", "items": {"type": "string"}}, "samples": {"type": "array", "items": {"type": "string"}}}}}}},
                  "OutagePage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Outage"}}, "instances": {"type": "integer"}, "partial": {"type": "boolean"}, "stale": {"type": "boolean"}, "failures": {"type": "array", "items": {"$ref": "#/components/schemas/InstanceFailure"}}}},
                  "Proxy": {"type": "object", "properties": {"proxy": {"type": "string"}, "sites": {"type": "array", "items": {"type": "string"}}, "endpoints": {"type": "integer"}, "active": {"type": "integer"}, "failing": {"type": "integer"}, "openOutages": {"type": "array", "items": {"$ref": "#/components/schemas/Outage"}}, "partial": {"type": "boolean"}}},
                  "ProxyPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Proxy"}}, "instances": {"type": "integer"}, "partial": {"type": "boolean"}, "stale": {"type": "boolean"}, "failures": {"type": "array", "items": {"$ref": "#/components/schemas/InstanceFailure"}}}},
                  "SitePage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Site"}}, "instances": {"type": "integer"}, "partial": {"type": "boolean"}, "stale": {"type": "boolean"}, "failures": {"type": "array", "items": {"$ref": "#/components/schemas/InstanceFailure"}}}}
                }
              }
            }
            """;
}
