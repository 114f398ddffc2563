package dev.vigil.collect.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * {@code authorization:} of a scrape config: sends {@code Authorization: <type> <credentials>}.
 *
 * @param type the scheme; {@code Bearer} when absent ({@code Basic} is refused, as Prometheus does:
 *     use {@code basic_auth})
 * @param credentials the secret inline
 * @param credentialsFile a file holding the secret, read at every scrape
 */
public record Authorization(
    @JsonProperty("type") String type,
    @JsonProperty("credentials") @JsonSerialize(using = Masked.class) String credentials,
    @JsonProperty("credentials_file") String credentialsFile) {

  /** Defaults the type to {@code Bearer}. */
  public Authorization {
    if (type == null || type.isBlank()) {
      type = "Bearer";
    }
  }

  void validate(String job) {
    if (type.equalsIgnoreCase("basic")) {
      throw ScrapeConfig.invalid(
          job, "authorization.type", "\"Basic\" is not allowed here, use basic_auth instead");
    }
    if (credentials != null && credentialsFile != null) {
      throw ScrapeConfig.invalid(
          job, "authorization", "at most one of credentials and credentials_file");
    }
  }

  @Override
  public String toString() {
    return "Authorization[type=" + type + ", credentials=<secret>]";
  }
}
