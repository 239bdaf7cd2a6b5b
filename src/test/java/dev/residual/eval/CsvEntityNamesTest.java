package dev.residual.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate --dataset csv on a directory: every file's rows stay apart. */
class CsvEntityNamesTest {
    @TempDir Path dir;

    @Test
    void filesOfTheSameNameInTwoFoldersAreTwoEntities() throws Exception {
        // SKAB's own layout: valve1/1.csv, valve2/1.csv.
        String rows = "x,label\n1,0\n2,0\n3,0\n4,1\n";
        Files.createDirectories(dir.resolve("valve1"));
        Files.createDirectories(dir.resolve("valve2"));
        Files.writeString(dir.resolve("valve1/1.csv"), rows);
        Files.writeString(dir.resolve("valve2/1.csv"), rows);

        LabelledSet set = Benchmarks.csv(dir, ',', 2);

        List<String> names = set.unlabelled().stream().map(EntityRows::name).toList();
        assertThat(names).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void anEntityColumnValueInTwoFilesIsNotOneNameForTwoStreams() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "entity,x,label\npump,1,0\npump,2,0\npump,3,1\n");
        Files.writeString(dir.resolve("b.csv"), "entity,x,label\npump,5,0\npump,6,0\npump,7,1\n");

        LabelledSet set = Benchmarks.csv(dir, ',', 2);

        List<String> names = set.unlabelled().stream().map(EntityRows::name).toList();
        // Detector verdicts are kept by entity name: two streams under one name overwrite each
        // other.
        assertThat(names).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aNameThatComesTwiceIsRefusedNamingIt() throws Exception {
        // a.csv's entity 'pump' and the file a/pump.csv are both a/pump.
        Files.writeString(dir.resolve("a.csv"), "entity,x,label\npump,1,0\npump,2,0\npump,3,1\n");
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/pump.csv"), "x,label\n1,0\n2,0\n3,1\n");

        assertThatThrownBy(() -> Benchmarks.csv(dir, ',', 2))
                .hasMessageContaining("--data " + dir)
                .hasMessageContaining("'a" + dir.getFileSystem().getSeparator() + "pump'");
    }
}
