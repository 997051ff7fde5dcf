package io.longitude.jobs.meds;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import io.longitude.meds.MedsSubjects;

import java.util.List;

/**
 * The validated {@code meds { }} block plus the command's warehouse, output folder and tasks (binary ones
 * only: a MEDS label holds one value per prediction time).
 */
public record MedsExportConfig(String warehouse, String out, String datasetName, List<TaskConfig> tasks,
                               MedsSubjects subjects) {

    public static MedsExportConfig from(Config config, String warehouse, String out, List<TaskConfig> tasks) {
        try {
            Config meds = config.getConfig("meds");
            String datasetName = meds.getString("dataset-name").trim();
            if (datasetName.isEmpty()) {
                throw new InvalidConfigException("meds.dataset-name must not be empty");
            }
            for (TaskConfig task : tasks) {
                if (!task.kind().binary()) {
                    throw new InvalidConfigException("export-meds writes labels of binary tasks; task " + task.name()
                            + " is of kind " + task.kind().label());
                }
            }
            List<TaskConfig> splitRule = tasks.isEmpty()
                    ? List.of(TaskFiles.load(meds.getString("split-task"), List.of())) : tasks;
            return new MedsExportConfig(warehouse, out, datasetName, List.copyOf(tasks), MedsSubjects.splitBy(splitRule));
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
