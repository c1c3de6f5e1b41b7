/** Settings of the MQTT queue (`adapters.provider_settings.mqtt`). */
import { ArrayMaxSize, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * Broker, names, declared groups, in-flight limit, delivery limit and time limits of {@link MqttQueue}.
 * @category Queue
 */
export class MqttQueueSettings {
  /** Broker address, `mqtt://user:password@host:port` (or `mqtts://`); the password never appears in errors. */
  @IsString() @Matches(/^mqtts?:\/\/\S+$/, { message: 'url must be an mqtt:// or mqtts:// URL' })
  public url = 'mqtt://127.0.0.1:1883';

  /** Prefix of MQTT topic names: queue topic `orders` is MQTT topic `${topicPrefix}orders`. No wildcards. */
  @IsString() @MaxLength(128) @Matches(/^[^#+\u0000]*$/, { message: 'topicPrefix may not hold the MQTT wildcards + and #' })
  public topicPrefix = 'oneiric/';

  /** Prefix of the client ids: group `billing` is the persistent session `${clientIdPrefix}billing`. */
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'clientIdPrefix must match [A-Za-z0-9_-]{1,64}' })
  public clientIdPrefix = 'oneiric_';

  /**
   * Groups this process consumes whose sessions subscribe to a topic before this adapter first
   * publishes to it, so they keep messages published before they received. The broker keeps a
   * QoS 1 message only for sessions subscribed when it was published; list here only groups
   * this process consumes (opening a group's session elsewhere takes it over).
   */
  @IsString({ each: true }) @Matches(/^[A-Za-z0-9_-]{1,128}$/, { each: true, message: 'each group must match [A-Za-z0-9_-]{1,128}' }) @ArrayMaxSize(100)
  public groups: string[] = [];

  /** How long the broker keeps a group's session (subscriptions and unacknowledged messages) while it is disconnected, in seconds. */
  @IsInt() @Min(1) @Max(4_294_967_294)
  public sessionExpirySeconds = 86_400;

  /** Most unacknowledged messages the broker sends a group's session at once (MQTT 5 Receive Maximum). */
  @IsInt() @Min(1) @Max(65_535)
  public prefetch = 100;

  /** Most deliveries of one message: after that many nacks it is acknowledged and republished to `${topic}/dead/${group}`. */
  @IsInt() @Min(1) @Max(1_000_000)
  public maxDeliveries = 10;

  /** Limit on establishing a connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 2_000;

  /** Limit on one broker call (publish until PUBACK, subscribe until SUBACK, sending a PUBACK), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 2_000;

  /** Pause between reconnection attempts after a connection is lost, in milliseconds. */
  @IsInt() @Min(10) @Max(60_000)
  public reconnectWaitMs = 500;

  /** MQTT keepalive, in seconds: a silent broker is detected after about one and a half times this. */
  @IsInt() @Min(1) @Max(65_535)
  public keepaliveSeconds = 30;

  /** Longest `waitMs` a receive accepts, in milliseconds (keep it below a circuit breaker's call timeout). */
  @IsInt() @Min(0) @Max(600_000)
  public maxWaitMs = 5_000;
}
