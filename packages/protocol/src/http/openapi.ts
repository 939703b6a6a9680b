import { z } from 'zod';
import { containerDetailsSchema, containerSummarySchema } from '../container.ts';
import { containerIdentitySchema } from '../container-identity.ts';
import { AGENT_SOCKET_PATH, LOGS_SOCKET_PATH } from '../endpoints.ts';
import { dockerStatusSchema, hostFactsSchema } from '../host.ts';
import { logLineSchema } from '../logs.ts';
import { BOSUN_VERSION } from '../version.ts';
import { userListResponseSchema, userResponseSchema, userViewSchema } from './account-views.ts';
import { API_ROUTES, type ApiRoute, type ResponseKind } from './api-routes.ts';
import { auditEntryViewSchema, auditListResponseSchema } from './audit-views.ts';
import { errorBodySchema } from './error-body.ts';
import { fleetEventSchema } from './fleet-events.ts';
import {
  agentListResponseSchema,
  agentViewSchema,
  containerActionResponseSchema,
  containerDetailResponseSchema,
  containerListItemSchema,
  containerListResponseSchema,
} from './fleet-views.ts';
import { containerGenerationsResponseSchema, containerGenerationViewSchema } from './generation-views.ts';
import { grantViewSchema } from './grant-views.ts';
import { healthResponseSchema } from './health.ts';
import { logReadRecordSchema } from './log-read-records.ts';
import { managerStatusSchema, metricsTextSchema } from './manager-status.ts';
import { type OpenApiDocument, openApiDocumentSchema } from './openapi-document.ts';
import {
  apiTokenCreateBodySchema,
  containerActionBodySchema,
  grantSetBodySchema,
  joinTokenCreateBodySchema,
  loginBodySchema,
  passwordChangeBodySchema,
  userCreateBodySchema,
  userPatchBodySchema,
} from './request-bodies.ts';
import {
  hostRetentionBodySchema,
  hostRetentionViewSchema,
  retentionPolicySchema,
  retentionStatusSchema,
} from './retention-views.ts';
import { grantRoleSchema, roleSchema } from './roles.ts';
import { SESSION_COOKIE } from './session-cookie.ts';
import {
  searchCountSchema,
  searchHitSchema,
  searchResponseSchema,
  storedLogPageSchema,
  storedStreamListResponseSchema,
  storedStreamRefSchema,
  storedStreamViewSchema,
} from './stored-log-views.ts';
import {
  apiTokenCreatedSchema,
  apiTokenListResponseSchema,
  apiTokenViewSchema,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
  joinTokenViewSchema,
} from './token-views.ts';

// Named schemas become components, referenced wherever they occur. Answers are documented as
// the manager writes them (zod's output side), bodies as a client writes them (the input side:
// before defaults and transforms), so the two sets are converted apart and their names differ.
const ANSWER_COMPONENTS: Record<string, z.ZodType> = {
  ErrorBody: errorBodySchema,
  HealthResponse: healthResponseSchema,
  ManagerStatus: managerStatusSchema,
  MetricsText: metricsTextSchema,
  Role: roleSchema,
  GrantRole: grantRoleSchema,
  GrantView: grantViewSchema,
  UserView: userViewSchema,
  UserResponse: userResponseSchema,
  UserListResponse: userListResponseSchema,
  HostFacts: hostFactsSchema,
  DockerStatus: dockerStatusSchema,
  AgentView: agentViewSchema,
  AgentListResponse: agentListResponseSchema,
  ContainerSummary: containerSummarySchema,
  ContainerListItem: containerListItemSchema,
  ContainerListResponse: containerListResponseSchema,
  ContainerDetails: containerDetailsSchema,
  ContainerDetailResponse: containerDetailResponseSchema,
  ContainerActionResponse: containerActionResponseSchema,
  ContainerIdentity: containerIdentitySchema,
  ContainerGenerationView: containerGenerationViewSchema,
  ContainerGenerationsResponse: containerGenerationsResponseSchema,
  RetentionPolicy: retentionPolicySchema,
  RetentionStatus: retentionStatusSchema,
  HostRetentionView: hostRetentionViewSchema,
  ApiTokenView: apiTokenViewSchema,
  ApiTokenCreated: apiTokenCreatedSchema,
  ApiTokenListResponse: apiTokenListResponseSchema,
  JoinTokenView: joinTokenViewSchema,
  JoinTokenCreated: joinTokenCreatedSchema,
  JoinTokenListResponse: joinTokenListResponseSchema,
  AuditEntryView: auditEntryViewSchema,
  AuditListResponse: auditListResponseSchema,
  FleetEvent: fleetEventSchema,
  OpenApiDocument: openApiDocumentSchema,
  LogLine: logLineSchema,
  LogReadRecord: logReadRecordSchema,
  StoredStreamRef: storedStreamRefSchema,
  StoredStreamView: storedStreamViewSchema,
  StoredStreamListResponse: storedStreamListResponseSchema,
  StoredLogPage: storedLogPageSchema,
  SearchHit: searchHitSchema,
  SearchCount: searchCountSchema,
  SearchResponse: searchResponseSchema,
};

const BODY_COMPONENTS: Record<string, z.ZodType> = {
  LoginBody: loginBodySchema,
  PasswordChangeBody: passwordChangeBodySchema,
  UserCreateBody: userCreateBodySchema,
  UserPatchBody: userPatchBodySchema,
  GrantSetBody: grantSetBodySchema,
  ApiTokenCreateBody: apiTokenCreateBodySchema,
  JoinTokenCreateBody: joinTokenCreateBodySchema,
  ContainerActionBody: containerActionBodySchema,
  HostRetentionBody: hostRetentionBodySchema,
};

const COMPONENT_PREFIX = '#/components/schemas/';

const MEDIA_TYPES: Record<ResponseKind, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  sse: 'text/event-stream',
  text: 'text/plain',
};

const STREAM_NOTES: Record<ResponseKind, string> = {
  json: '',
  ndjson: ' Streamed as NDJSON: each line is one JSON value matching the schema.',
  sse: ' Streamed as Server-Sent Events: each `data:` field is one JSON value matching the schema.',
  text: '',
};

type JsonSchema = Record<string, unknown>;

/**
 * The manager's HTTP API as an OpenAPI 3.1 document, generated from {@link API_ROUTES} and
 * their zod schemas, so people can script bosun from any language. `version` is the version of
 * bosun that serves it (this build's {@link BOSUN_VERSION} when not given).
 */
export function buildOpenApiDocument(options: { version?: string } = {}): OpenApiDocument {
  const schemas = {
    ...convertComponents(ANSWER_COMPONENTS, 'output'),
    ...convertComponents(BODY_COMPONENTS, 'input'),
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const [name, route] of Object.entries(API_ROUTES) as Array<[string, ApiRoute]>) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(name, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'bosun manager API',
      version: options.version ?? BOSUN_VERSION,
      description:
        'Every error answer is an ErrorBody; its HTTP status follows the error code. Answers may ' +
        'gain fields in later versions: clients should ignore fields they do not know. The ' +
        `WebSocket endpoints ${AGENT_SOCKET_PATH} and ${LOGS_SOCKET_PATH} speak bosun's frame ` +
        'protocol and are not described here.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`bsn_…`)' },
      },
    },
  };
}

function accessText(route: ApiRoute): string {
  if (route.access === 'public') return 'No login needed.';
  if (route.access === 'none') return 'Needs a login; about hosts, answers only for those the user may see.';
  return `Needs a login with the ${route.access} role or above.`;
}

function operation(name: string, route: ApiRoute): JsonSchema {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  return {
    operationId: name,
    summary: route.summary,
    description: accessText(route),
    'x-bosun-access': route.access,
    security: route.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.bodyOptional !== true,
            content: { 'application/json': { schema: { $ref: refTo(route.body, BODY_COMPONENTS) } } },
          },
        }
      : {}),
    responses: {
      ...successResponse(route),
      default: {
        description: 'An error',
        content: { 'application/json': { schema: { $ref: refTo(errorBodySchema, ANSWER_COMPONENTS) } } },
      },
    },
  };
}

function successResponse(route: ApiRoute): Record<string, JsonSchema> {
  const answer = route.response;
  if (!answer) return { 204: { description: 'Done; no body' } };
  const content = {
    [MEDIA_TYPES[answer.kind]]: { schema: { $ref: refTo(answer.schema, ANSWER_COMPONENTS) } },
  };
  return {
    [answer.status]: { description: `${route.summary}.${STREAM_NOTES[answer.kind]}`, content },
    ...(answer.alsoStatus
      ? { [answer.alsoStatus]: { description: 'Degraded: the same body', content } }
      : {}),
  };
}

// Path and query values are written by the client: the input side, one parameter per key.
function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: fallback });
  const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(converted.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function refTo(schema: z.ZodType, components: Record<string, z.ZodType>): string {
  const name = Object.keys(components).find((key) => components[key] === schema);
  if (name === undefined) throw new Error('a route schema has no component name in openapi.ts');
  return `${COMPONENT_PREFIX}${name}`;
}

function convertComponents(
  components: Record<string, z.ZodType>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    unrepresentable: fallback,
    override: io === 'output' ? allowNewFields : undefined,
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(converted.schemas)) {
    // Components live inside the document: they need neither a dialect nor an id of their own
    // (a fragment-only `$id` is not even valid JSON Schema).
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

// zod marks its (key-stripping) objects closed on the output side, but a newer manager may add
// fields and clients are meant to ignore them, so the document must not forbid them.
function allowNewFields(ctx: {
  zodSchema: z.core.$ZodTypes;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
  const def = ctx.zodSchema._zod.def;
  if (def.type === 'object' && def.catchall === undefined && ctx.jsonSchema.additionalProperties === false) {
    delete ctx.jsonSchema.additionalProperties;
  }
}

// Nothing in today's schemas needs it (a test checks); should something unrepresentable appear,
// the document says so and accepts any value rather than failing to build.
function fallback(ctx: { message: string }): z.core.JSONSchema.BaseSchema {
  return { description: `not representable in JSON Schema (${ctx.message})` };
}
