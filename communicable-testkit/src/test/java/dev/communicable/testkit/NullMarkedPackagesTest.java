package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the null contract visible to users' IDEs: every package of every module is {@code
 * NullMarked}, so everything in it is non-null unless annotated {@code @Nullable}. A package left
 * out would silently fall back to "unspecified" nullness.
 */
class NullMarkedPackagesTest {
  /** {@code @NullMarked} (or its full name) on the package declaration of a package-info.java. */
  private static final Pattern NULL_MARKED_PACKAGE =
      Pattern.compile(
          "@(org\\.jspecify\\.annotations\\.)?NullMarked\\s+package\\s+[\\w.]+\\s*;",
          Pattern.MULTILINE);

  private static final Pattern NULL_MARKED_IMPORT =
      Pattern.compile(
          "^import\\s+org\\.jspecify\\.annotations\\.NullMarked\\s*;", Pattern.MULTILINE);

  @Test
  @DisplayName(
      "every package under a module's src/main/java has a package-info.java marked @NullMarked")
  void every_package_is_null_marked() throws IOException {
    Path root = repositoryRoot();
    List<Path> sourceRoots = mainSourceRoots(root);
    assertThat(sourceRoots)
        .as("main source folders found under %s", root)
        .contains(root.resolve("communicable-core/src/main/java"));

    TreeSet<String> offenders = new TreeSet<>();
    for (Path sourceRoot : sourceRoots) {
      for (Path pkg : packages(sourceRoot)) {
        Path info = pkg.resolve("package-info.java");
        String where = root.relativize(pkg).toString().replace('\\', '/');
        if (!Files.isRegularFile(info)) {
          offenders.add(where + ": no package-info.java");
        } else if (!isNullMarked(Files.readString(info))) {
          offenders.add(where + ": package-info.java is not annotated @NullMarked");
        }
      }
    }
    assertThat(offenders).as("packages that are not null-marked").isEmpty();
  }

  private static boolean isNullMarked(String packageInfo) {
    var annotation = NULL_MARKED_PACKAGE.matcher(packageInfo);
    if (!annotation.find()) {
      return false;
    }
    return annotation.group(1) != null || NULL_MARKED_IMPORT.matcher(packageInfo).find();
  }

  /** The checkout's top folder: the nearest folder up from here holding the Maven wrapper. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))
          && Files.isDirectory(dir.resolve("communicable-core"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a folder with mvnw and communicable-core) above "
            + Path.of("").toAbsolutePath());
  }

  /** Every {@code src/main/java} folder of every module, build output and hidden folders aside. */
  private static List<Path> mainSourceRoots(Path root) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (!dir.equals(root)
                && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (dir.endsWith(Path.of("src", "main", "java"))) {
              found.add(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return found;
  }

  /** The folders under {@code sourceRoot} that hold at least one Java source: its packages. */
  private static List<Path> packages(Path sourceRoot) throws IOException {
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      return files
          .filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f))
          .map(Path::getParent)
          .distinct()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
