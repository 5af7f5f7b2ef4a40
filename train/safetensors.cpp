// Reading and writing safetensors: see safetensors.hpp for the layout. The reader trusts nothing
// in the file until it has been checked against the file's size.
#include "safetensors.hpp"

#include "../core/files.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace tapegrad {

namespace {

// Bytes per element of every dtype the format defines; 0 for a name it does not define.
std::uint64_t dtype_size(const std::string& dtype) {
    static const std::map<std::string, std::uint64_t> sizes = {
        {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E4M3", 1}, {"F8_E5M2", 1}, {"U16", 2}, {"I16", 2}, {"F16", 2},
        {"BF16", 2}, {"U32", 4}, {"I32", 4}, {"F32", 4}, {"U64", 8}, {"I64", 8}, {"F64", 8}};
    const auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

void put_u64(std::vector<unsigned char>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

void put_f32(std::vector<unsigned char>& out, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(bits >> (8 * i)));
}

std::uint64_t get_u64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

float get_f32(const unsigned char* p) {
    const std::uint32_t bits = std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

}  // namespace

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::vector<unsigned char> safetensors_bytes(const std::vector<NamedTensor>& tensors,
                                             const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const NamedTensor& t : tensors) {
        std::int64_t count = 1;
        for (std::int64_t d : t.shape) count *= d;
        if (t.name.empty() || t.name == "__metadata__" || header.contains(t.name))
            throw SafetensorsError("safetensors: cannot write a tensor named '" + t.name + "' (names must be non-empty, unique and not __metadata__)");
        if (count != static_cast<std::int64_t>(t.values.size()))
            throw SafetensorsError("safetensors: tensor '" + t.name + "' has shape " + shape_text(t.shape) + " (" + std::to_string(count) +
                                   " values) but holds " + std::to_string(t.values.size()) + " values");
        const std::uint64_t bytes = 4 * t.values.size();
        header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data then starts at a multiple of 8
    std::vector<unsigned char> out;
    out.reserve(8 + text.size() + offset);
    put_u64(out, text.size());
    out.insert(out.end(), text.begin(), text.end());
    for (const NamedTensor& t : tensors)
        for (float v : t.values) put_f32(out, v);
    return out;
}

void write_safetensors(const std::filesystem::path& path, const std::vector<NamedTensor>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    write_file_atomically(path, safetensors_bytes(tensors, metadata));
}

void SafetensorsFile::refuse(const std::string& problem) const {
    throw SafetensorsError(path_.string() + ": " + problem);
}

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    const std::uint64_t file_size = std::filesystem::file_size(path, ec);
    if (ec) refuse("cannot read the file (" + ec.message() + ")");
    in_.open(path, std::ios::binary);
    if (!in_) refuse("cannot open the file");
    if (file_size < 8)
        refuse("too short for safetensors (" + std::to_string(file_size) + " bytes; the file starts with an 8-byte header length)");
    unsigned char length_bytes[8];
    in_.read(reinterpret_cast<char*>(length_bytes), 8);
    const std::uint64_t header_size = get_u64(length_bytes);
    // Bounded by the file before anything is allocated: a corrupt length cannot ask for gigabytes.
    if (header_size > file_size - 8)
        refuse("the header length (" + std::to_string(header_size) + " bytes) runs past the end of the file (" +
               std::to_string(file_size - 8) + " bytes follow it): the file is truncated or not safetensors");
    if (header_size > max_safetensors_header)
        refuse("the header length (" + std::to_string(header_size) + " bytes) is over the limit of " +
               std::to_string(max_safetensors_header) + " bytes");
    std::string text(header_size, '\0');
    in_.read(text.data(), static_cast<std::streamsize>(header_size));
    if (!in_) refuse("cannot read the header");
    if (text.empty() || text[0] != '{') refuse("the header is not a JSON object (it must start with '{')");
    const nlohmann::json header = nlohmann::json::parse(text, nullptr, false);
    if (header.is_discarded() || !header.is_object()) refuse("the header is not valid JSON (is the file truncated?)");
    data_start_ = 8 + header_size;
    const std::uint64_t data_size = file_size - data_start_;

    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            if (!value.is_object()) refuse("__metadata__ must be an object of strings");
            for (const auto& [key, text_value] : value.items()) {
                if (!text_value.is_string()) refuse("__metadata__." + key + " must be a string (safetensors metadata values are text)");
                metadata_[key] = text_value.get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "': ";
        if (!value.is_object()) refuse(where + "must be an object with dtype, shape and data_offsets");
        const auto dtype = value.find("dtype");
        const auto shape = value.find("shape");
        const auto offsets = value.find("data_offsets");
        if (dtype == value.end() || !dtype->is_string()) refuse(where + "dtype: missing or not a string");
        if (shape == value.end() || !shape->is_array()) refuse(where + "shape: missing or not an array");
        if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
            !(*offsets)[1].is_number_unsigned())
            refuse(where + "data_offsets: must be [begin, end], two non-negative integers");
        SafetensorsEntry e;
        e.name = name;
        e.dtype = dtype->get<std::string>();
        e.begin = (*offsets)[0].get<std::uint64_t>();
        e.end = (*offsets)[1].get<std::uint64_t>();
        const std::uint64_t element_size = dtype_size(e.dtype);
        if (element_size == 0) refuse(where + "unknown dtype \"" + e.dtype + "\"");
        if (e.begin > e.end || e.end > data_size)
            refuse(where + "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] lie outside the data (" +
                   std::to_string(data_size) + " bytes): the file is truncated or its header is wrong");
        // The element count, stopped as soon as it exceeds what the offsets allow (no overflow).
        std::uint64_t count = 1;
        const std::uint64_t available = (e.end - e.begin) / element_size;
        for (const auto& d : *shape) {
            if (!d.is_number_unsigned()) refuse(where + "shape: entries must be non-negative integers");
            const std::uint64_t n = d.get<std::uint64_t>();
            e.shape.push_back(static_cast<std::int64_t>(std::min<std::uint64_t>(n, INT64_MAX)));
            if (n != 0 && count > available / n) count = available + 1;  // already too many
            else count *= n;
        }
        if (count * element_size != e.end - e.begin)
            refuse(where + "shape " + shape_text(e.shape) + " of " + e.dtype + " does not fill its data_offsets (" +
                   std::to_string(e.end - e.begin) + " bytes)");
        tensors_.push_back(std::move(e));
    }
    // The tensors must tile the data part: no gaps, no overlaps, nothing after the last.
    std::sort(tensors_.begin(), tensors_.end(), [](const auto& a, const auto& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t covered = 0;
    for (const SafetensorsEntry& e : tensors_) {
        if (e.begin != covered)
            refuse("tensor '" + e.name + "' starts at byte " + std::to_string(e.begin) + " of the data, where " +
                   std::to_string(covered) + " was expected (tensors must not overlap or leave gaps)");
        covered = e.end;
    }
    if (covered != data_size)
        refuse("the tensors cover " + std::to_string(covered) + " bytes of data but the file holds " + std::to_string(data_size) +
               " after the header");
}

const SafetensorsEntry* SafetensorsFile::find(const std::string& name) const {
    for (const SafetensorsEntry& e : tensors_)
        if (e.name == name) return &e;
    return nullptr;
}

std::vector<float> SafetensorsFile::read_f32(const SafetensorsEntry& e) {
    if (e.dtype != "F32")
        refuse("tensor '" + e.name + "' is " + e.dtype + "; tapegrad reads float32 weights (in PyTorch, save "
               "{k: v.float() for k, v in model.state_dict().items()})");
    std::vector<unsigned char> bytes(e.end - e.begin);  // checked against the file's size on opening
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(data_start_ + e.begin));
    in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!in_) refuse("tensor '" + e.name + "': cannot read its data (was the file changed while it was read?)");
    std::vector<float> values(bytes.size() / 4);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = get_f32(bytes.data() + 4 * i);
    return values;
}

}  // namespace tapegrad
