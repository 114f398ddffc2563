package dev.vigil.collect.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * {@code basic_auth:} of a scrape config. Exactly one of {@code password} and {@code password_file}
 * may be set; the file is read at every scrape so that rotated secrets apply.
 */
public record BasicAuth(
    @JsonProperty("username") String username,
    @JsonProperty("username_file") String usernameFile,
    @JsonProperty("password") @JsonSerialize(using = Masked.class) String password,
    @JsonProperty("password_file") String passwordFile) {

  /** Checks the mutually exclusive pairs. */
  void validate(String job) {
    if (username != null && usernameFile != null) {
      throw ScrapeConfig.invalid(job, "basic_auth", "at most one of username and username_file");
    }
    if (password != null && passwordFile != null) {
      throw ScrapeConfig.invalid(job, "basic_auth", "at most one of password and password_file");
    }
  }

  @Override
  public String toString() {
    return "BasicAuth[username=" + username + ", password=<secret>]";
  }
}
