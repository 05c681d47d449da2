package io.streamcert.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * Supplies {@code streamcert --version} from the {@code Implementation-Version} that the build
 * writes into the jar manifest, so the version has one source: the parent pom.
 *
 * <p>Classes run from a build directory (tests, an IDE) have no manifest; they report a
 * development build rather than a made-up number.
 */
final class ManifestVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "streamcert " + (version == null ? "(development build, no jar manifest)" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
    };
  }
}
