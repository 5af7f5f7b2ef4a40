// A run's CSV data and the description its model file keeps: the split made on the labels, the
// encoder learned on the training part, the test rows recorded, read back exactly, and refused
// once the file changes. Also: config paths relative to the config file.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include "optim/temp_dir.hpp"

#include <fstream>

using namespace tapegrad;
using json = nlohmann::json;

namespace {
void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

// 40 rows: a text column, an id, a gap in row 3, two classes by the sign of x.
std::string fruit_csv() {
    std::string text = "id,x,colour,fruit\n";
    for (int i = 0; i < 40; ++i)
        text += std::to_string(100 + i) + "," + (i == 3 ? std::string("") : std::to_string(i % 2 ? 1 + i % 5 : -1 - i % 3)) + "," +
                (i % 3 ? "red" : "green") + "," + (i % 2 ? "pear" : "plum") + "\n";
    return text;
}

RunConfig config_for(const std::filesystem::path& csv, const std::string& extra = "") {
    return parse_config(json::parse(R"({"data": {"train": ")" + csv.string() +
                                    R"(", "labels": "fruit", "ignore": ["id"], "categorical": "auto", "missing": "mean",
                                    "validation_fraction": 0.25)" + extra + R"(}, "epochs": 1})"));
}
}  // namespace

TEST_CASE("the test rows are recorded and read back exactly; an edited file is refused") {
    TempDir dir;
    write(dir / "fruit.csv", fruit_csv());
    Experiment x;
    load_data(config_for(dir / "fruit.csv"), x);
    const DataDescription& d = x.data_description;
    CHECK(x.train.feature_names == std::vector<std::string>{"x", "colour=green", "colour=red"});
    CHECK(x.train.rows() + x.validation.rows() + x.test.rows() == 40);
    REQUIRE(d.test_rows.size() == static_cast<std::size_t>(x.test.rows()));
    REQUIRE(d.train_file);
    CHECK(d.train_file->rows == 40);

    // Through JSON, as the model file keeps it, then the test split again: the same features.
    const DataDescription back = DataDescription::from_json(json::parse(d.to_json().dump()));
    Dataset test = stored_split(back, Task::multiclass, x.train.class_names, "test");
    x.standardizer.transform_in_place(test.features);
    CHECK(test.features == x.test.features);
    CHECK(test.labels == x.test.labels);

    write(dir / "fruit.csv", fruit_csv() + "140,2,red,pear\n");
    CHECK_THROWS_WITH(stored_split(back, Task::multiclass, x.train.class_names, "test"),
                      doctest::Contains("fruit.csv: the file changed since the model was trained"));
}

TEST_CASE("the same rows are split with the new reader as with train_test_split") {
    TempDir dir;
    std::string text = "a,b,label\n";
    for (int i = 0; i < 30; ++i) text += std::to_string(i) + "," + std::to_string(i * i % 7) + "," + std::to_string(i % 3) + "\n";
    write(dir / "plain.csv", text);
    Experiment x;
    load_data(parse_config(json::parse(R"({"data": {"train": ")" + (dir / "plain.csv").string() +
                                       R"(", "labels": ["label"], "standardize": false}})")), x);
    const Split split = train_test_split(read_csv((dir / "plain.csv").string()), 0.25, 0);
    CHECK(x.test.features == split.test.features);
    CHECK(x.train.labels == split.train.labels);
}

TEST_CASE("a config's data paths are relative to the config file's folder") {
    TempDir dir;
    std::filesystem::create_directories(dir / "project/data");
    write(dir / "project/data/fruit.csv", fruit_csv());
    write(dir / "project/run.json", R"({"data": {"train": "data/fruit.csv", "labels": "fruit", "ignore": "id", "categorical": "auto", "missing": "mean"}})");
    const RunConfig c = load_config((dir / "project/run.json").string(), {});
    CHECK(c.data.train == (dir / "project/data/fruit.csv").lexically_normal().string());
    CHECK(c.data.labels == std::vector<std::string>{"fruit"});
    Experiment x;
    CHECK_NOTHROW(load_data(c, x));
}

TEST_CASE("keys starting with // are comments: the template init writes trains as it is") {
    TempDir dir;
    write(dir / "fruit.csv", fruit_csv());
    nlohmann::ordered_json config = quick_config((dir / "fruit.csv").string(), {"fruit"});
    CHECK(config["task"] == "binary");
    config["data"]["ignore"] = {"id"};
    config["data"]["missing"] = "mean";
    const json commented = json::parse(with_comments(config).dump());
    CHECK(commented.contains("//task"));
    CHECK(commented["data"].contains("//missing"));
    const RunConfig c = parse_config(commented);
    CHECK(c.task == Task::binary);
    CHECK(resolved_config(c)["data"].contains("//missing") == false);
}
