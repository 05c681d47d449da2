package io.streamcert.reports.scorecard;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server a scorecard certifies. Every text here comes from the target or its descriptor and is
 * untrusted: renderers escape it.
 *
 * @param version the version the server reports or its descriptor states; null when unknown
 * @param features the protocol features it declares, such as {@code long-poll}
 * @param storage its storage, such as {@code memory} or {@code file}; null when unknown
 * @param fsync its fsync policy, such as {@code every-append}; null when unknown
 */
public record Target(String name, String version, URI url, List<String> features, String storage, String fsync) {

  public Target {
    Values.singleLine(Values.text(name, "target name"), "target name");
    Values.singleLine(Values.optionalText(version, "target version"), "target version");
    Objects.requireNonNull(url, "target url is required");
    features = Values.list(features, "target features");
    for (String f : features) Values.singleLine(Values.text(f, "target feature"), "target feature");
    Values.singleLine(Values.optionalText(storage, "target storage"), "target storage");
    Values.singleLine(Values.optionalText(fsync, "target fsync policy"), "target fsync policy");
  }

  public static Builder builder(String name, URI url) {
    return new Builder(name, url);
  }

  /** Collects a target's optional fields. */
  public static final class Builder {
    private final String name;
    private final URI url;
    private String version;
    private final List<String> features = new ArrayList<>();
    private String storage;
    private String fsync;

    private Builder(String name, URI url) {
      this.name = name;
      this.url = url;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder features(List<String> labels) {
      features.clear();
      features.addAll(labels);
      return this;
    }

    public Builder storage(String storage) {
      this.storage = storage;
      return this;
    }

    public Builder fsync(String fsync) {
      this.fsync = fsync;
      return this;
    }

    public Target build() {
      return new Target(name, version, url, features, storage, fsync);
    }
  }
}
