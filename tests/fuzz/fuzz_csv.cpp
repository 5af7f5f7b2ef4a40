// libFuzzer target: the CSV reader, then the standardizer on what it read. The first byte picks
// the options (so that small limits and every label mode get fuzzed); the rest is the file:
//   bit 0: multi-label (labels "label" and "b")    bit 1: labels_are_indices
//   bit 2: class names given ("0", "1", "a")        bit 3: small limits (64 columns, 8 classes)
// Any tapegrad::Error is a clean refusal. A crash, a sanitizer report, an allocation over
// libFuzzer's -malloc_limit_mb, or a non-finite standardized feature is a finding.
#include "data/csv.hpp"
#include "data/standardizer.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    tapegrad::CsvOptions options;
    if (flags & 1) options.labels = {"label", "b"};
    options.labels_are_indices = (flags & 2) != 0;
    if (flags & 4) options.class_names = {"0", "1", "a"};
    if (flags & 8) {
        options.max_columns = 64;
        options.max_classes = 8;
    }
    tapegrad::Dataset d;
    try {
        d = tapegrad::parse_csv(text, "fuzz.csv", options);
    } catch (const tapegrad::Error&) {
        return 0;
    }
    try {
        tapegrad::Standardizer s;
        s.fit(d.features, d.feature_names);
        s.transform_in_place(d.features);
    } catch (const tapegrad::Error&) {
        return 0;
    }
    if (!tapegrad::all_finite(d.features)) std::abort();  // the standardizer let inf or NaN through
    return 0;
}
