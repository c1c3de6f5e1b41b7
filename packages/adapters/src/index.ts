/**
 * `@oneiric/adapters`: providers for the adapter categories `cache`, `database`, `storage`,
 * `secrets`, `http`, `queue`, `identity` and `monitoring`, each an `@Adapter` class with validated settings and
 * `init`/`health`/`cleanup`. Embedded defaults need no service; real-service providers load
 * their client library (an optional peer dependency) on first use.
 * @packageDocumentation
 */
export { cacheKey, databaseKey, httpKey, identityKey, monitoringKey, queueKey, secretsKey, storageKey } from './adapterKeys.js';
export { AdapterError, AdapterErrorKind } from './errors/adapterError.js';
export { loadOptionalDependency, type DependencyUser } from './loading/loadOptionalDependency.js';
export { redactUrl } from './clients/redactUrl.js';
export { toCloudError, isCloudNotFound, httpStatusOf } from './clients/toCloudError.js';

export type { Cache, CacheSetOptions } from './cache/cache.js';
export { CacheCodec } from './cache/cacheCodec.js';
export { MemoryCache } from './cache/memoryCache.js';
export { MemoryCacheSettings } from './cache/memoryCacheSettings.js';
export { RedisCache } from './cache/redisCache.js';
export { RedisCacheSettings } from './cache/redisCacheSettings.js';

export type { Database, Queryable, QueryResult } from './database/database.js';
export { PostgresDatabase } from './database/postgresDatabase.js';
export { PostgresDatabaseSettings } from './database/postgresDatabaseSettings.js';
export { SqliteDatabase } from './database/sqliteDatabase.js';
export { SqliteDatabaseSettings } from './database/sqliteDatabaseSettings.js';
export { checkSql } from './database/checkSql.js';
export { MysqlDatabase } from './database/mysqlDatabase.js';
export { MysqlDatabaseSettings } from './database/mysqlDatabaseSettings.js';

export type { SignedUrlOptions, Storage, StorageBody, StorageMetadata, StoragePage, StoragePageRequest } from './storage/storage.js';
export { checkPageRequest, checkSignedUrlOptions, MAX_PAGE_LIMIT, MAX_SIGNED_URL_SECONDS } from './storage/checkPageRequest.js';
export { checkStorageKey } from './storage/checkStorageKey.js';
export { LocalFileStorage } from './storage/localFileStorage.js';
export { LocalFileStorageSettings } from './storage/localFileStorageSettings.js';
export { S3Storage } from './storage/s3Storage.js';
export { S3StorageSettings } from './storage/s3StorageSettings.js';
export { AzureBlobStorage } from './storage/azureBlobStorage.js';
export { AzureBlobStorageSettings } from './storage/azureBlobStorageSettings.js';
export { GcsStorage } from './storage/gcsStorage.js';
export { GcsStorageSettings } from './storage/gcsStorageSettings.js';

export type { SecretStore, SecretVersionRequest } from './secrets/secretStore.js';
export { checkSecretName } from './secrets/checkSecretName.js';
export { EnvSecrets } from './secrets/envSecrets.js';
export { EnvSecretsSettings } from './secrets/envSecretsSettings.js';
export { FileSecrets } from './secrets/fileSecrets.js';
export { FileSecretsSettings } from './secrets/fileSecretsSettings.js';
export { checkVersionRequest } from './secrets/checkVersionRequest.js';
export { checkSecretValue } from './secrets/checkSecretValue.js';
export { AwsSecretManagerSecrets } from './secrets/awsSecretManagerSecrets.js';
export { AwsSecretManagerSecretsSettings } from './secrets/awsSecretManagerSecretsSettings.js';
export { GcpSecretManagerSecrets } from './secrets/gcpSecretManagerSecrets.js';
export { GcpSecretManagerSecretsSettings } from './secrets/gcpSecretManagerSecretsSettings.js';
export { InfisicalSecrets } from './secrets/infisicalSecrets.js';
export { InfisicalSecretsSettings } from './secrets/infisicalSecretsSettings.js';

export type { HttpClient, HttpRequest, HttpResponse } from './http/httpClient.js';
export { FetchHttpClient } from './http/fetchHttpClient.js';
export { FetchHttpClientSettings } from './http/fetchHttpClientSettings.js';

export type { PublishOptions, Queue, QueueMessage, ReceiveOptions } from './queue/queue.js';
export { checkHeaders, MAX_HEADER_BYTES, MAX_HEADERS, outgoingHeaders } from './queue/outgoingHeaders.js';
export { checkQueueName } from './queue/checkQueueName.js';
export { NatsQueue } from './queue/natsQueue.js';
export { NatsQueueSettings } from './queue/natsQueueSettings.js';
export { RedisStreamsQueue } from './queue/redisStreamsQueue.js';
export { RedisStreamsQueueSettings } from './queue/redisStreamsQueueSettings.js';
export { RabbitMqQueue } from './queue/rabbitMqQueue.js';
export { RabbitMqQueueSettings } from './queue/rabbitMqQueueSettings.js';
export { MqttQueue } from './queue/mqttQueue.js';
export { MqttQueueSettings } from './queue/mqttQueueSettings.js';

export type { IdentityVerifier, VerifiedToken } from './identity/identityVerifier.js';
export { OidcIdentity } from './identity/oidcIdentity.js';
export { OidcIdentitySettings, OIDC_ALGORITHMS } from './identity/oidcIdentitySettings.js';
export { TokenRejectedError, TokenRefusalReason } from './identity/tokenRejectedError.js';

export type { Monitoring, MonitoringAttributes } from './monitoring/monitoring.js';
export { installBackend, activeBackend, type TelemetryBackend } from './monitoring/telemetrySlot.js';
export { OtlpMonitoring } from './monitoring/otlpMonitoring.js';
export { OtlpMonitoringSettings } from './monitoring/otlpMonitoringSettings.js';
export { LogfireMonitoring, logfireBaseUrl } from './monitoring/logfireMonitoring.js';
export { LogfireMonitoringSettings } from './monitoring/logfireMonitoringSettings.js';
export { SentryMonitoring } from './monitoring/sentryMonitoring.js';
export { SentryMonitoringSettings } from './monitoring/sentryMonitoringSettings.js';
