// The ONNX export, with ONNX's protobuf classes: see onnx_export.hpp for the graph it builds.
#include "onnx_export.hpp"

#include "../core/files.hpp"

#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

namespace tapegrad {

namespace {

// A float tensor stored in the graph (a weight, a bias, the standardiser's figures).
void add_initializer(onnx::GraphProto& graph, const std::string& name, const std::vector<std::int64_t>& dims,
                     const float* values, std::size_t count) {
    onnx::TensorProto* t = graph.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    for (std::size_t i = 0; i < count; ++i) t->add_float_data(values[i]);
}

onnx::NodeProto* add_node(onnx::GraphProto& graph, const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& output) {
    onnx::NodeProto* n = graph.add_node();
    n->set_op_type(op);
    n->set_name(output);
    for (const auto& in : inputs) n->add_input(in);
    n->add_output(output);
    return n;
}

// A float [N, width] value: the graph's input or output, N free.
void describe(onnx::ValueInfoProto* v, const std::string& name, Index width, const std::string& doc) {
    v->set_name(name);
    v->set_doc_string(doc);
    onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    t->mutable_shape()->add_dim()->set_dim_param("N");
    t->mutable_shape()->add_dim()->set_dim_value(width);
}

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

const char* activation_op(const std::string& activation) {
    if (activation == "relu") return "Relu";
    if (activation == "tanh") return "Tanh";
    if (activation == "sigmoid") return "Sigmoid";
    if (activation == "leaky_relu") return "LeakyRelu";
    throw ValueError("export: no ONNX operator for the activation '" + activation + "'");
}

onnx::ModelProto build_model(const PortableModel& m, const std::string& source) {
    onnx::ModelProto model;
    model.set_ir_version(8);  // what ONNX 1.10 to 1.12 write for opset 13..17
    model.set_producer_name("tapegrad");
    model.set_doc_string("A tapegrad MLP exported from " + source + " by `tapegrad export --format onnx`");
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(onnx_opset);
    for (const auto& [key, value] : export_metadata(m)) {
        onnx::StringStringEntryProto* p = model.add_metadata_props();
        p->set_key(key);
        p->set_value(value);
    }

    onnx::GraphProto& g = *model.mutable_graph();
    g.set_name("tapegrad_mlp");
    describe(g.add_input(), "features", m.sizes.front(), "raw feature values, one row per example, columns: " + joined(m.feature_names));
    std::string h = "features";
    if (!m.mean.empty()) {  // (x - mean) / scale, as tapegrad standardises
        const auto width = static_cast<std::int64_t>(m.mean.size());
        add_initializer(g, "mean", {width}, m.mean.data(), m.mean.size());
        add_initializer(g, "scale", {width}, m.scale.data(), m.scale.size());
        add_node(g, "Sub", {h, "mean"}, "centred");
        h = add_node(g, "Div", {"centred", "scale"}, "standardized")->output(0);
    }
    for (std::size_t i = 0; i < m.weights.size(); ++i) {
        const Tensor<float>& w = m.weights[i];  // (out, in), row-major: written as stored
        const std::string weight = pytorch_name(i, "weight"), bias = pytorch_name(i, "bias");
        add_initializer(g, weight, {w.rows(), w.cols()}, w.data(), static_cast<std::size_t>(w.size()));
        add_initializer(g, bias, {w.rows()}, m.biases[i].data(), static_cast<std::size_t>(m.biases[i].size()));
        onnx::NodeProto* gemm = add_node(g, "Gemm", {h, weight, bias}, "linear_" + std::to_string(i));  // h W^T + b
        onnx::AttributeProto* trans_b = gemm->add_attribute();
        trans_b->set_name("transB");
        trans_b->set_type(onnx::AttributeProto::INT);
        trans_b->set_i(1);
        h = gemm->output(0);
        if (i + 1 == m.weights.size()) break;
        onnx::NodeProto* act = add_node(g, activation_op(m.activation), {h}, m.activation + "_" + std::to_string(i));
        if (m.activation == "leaky_relu") {
            onnx::AttributeProto* alpha = act->add_attribute();
            alpha->set_name("alpha");
            alpha->set_type(onnx::AttributeProto::FLOAT);
            alpha->set_f(static_cast<float>(m.leaky_slope));
        }
        h = act->output(0);
    }
    if (m.output == "softmax") {
        onnx::AttributeProto* axis = add_node(g, "Softmax", {h}, "probabilities")->add_attribute();
        axis->set_name("axis");
        axis->set_type(onnx::AttributeProto::INT);
        axis->set_i(1);
    } else {
        add_node(g, m.output == "sigmoid" ? "Sigmoid" : "Identity", {h}, "probabilities");
    }
    describe(g.add_output(), "probabilities", m.sizes.back(),
             (m.output == "identity" ? "the model's outputs" : m.output + " probabilities") + std::string(", columns: ") +
                 joined(m.class_names));
    return model;
}

}  // namespace

bool onnx_export_available() { return true; }
void require_onnx_export() {}

std::string onnx_model_bytes(const PortableModel& m, const std::string& source) {
    onnx::ModelProto model = build_model(m, source);
    try {
        onnx::checker::check_model(model);
        // The full check, as onnx.checker.check_model(model, full_check=True): types checked, any
        // node whose shapes do not fit an error. It also fills in the inner values' shapes.
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), onnx::ShapeInferenceOptions(true, 1));
    } catch (const std::exception& e) {
        throw Error(std::string("export: the ONNX checker refused the graph: ") + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes)) throw Error("export: the ONNX model could not be serialized");
    return bytes;
}

void export_onnx(const PortableModel& m, const std::filesystem::path& out, const std::string& source) {
    write_text_atomically(out, onnx_model_bytes(m, source));
}

}  // namespace tapegrad
