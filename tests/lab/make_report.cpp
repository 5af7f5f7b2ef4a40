// Writes report.html and charts/ from a compare.json file, without training anything: the
// browser test renders its output.   usage: make_report compare.json OUT_DIR
#include "lab/report.hpp"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: make_report compare.json OUT_DIR\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1]);
        if (!in) throw std::runtime_error(std::string("cannot open ") + argv[1]);
        tapegrad::write_report(nlohmann::json::parse(in), argv[2]);
        std::cout << (std::filesystem::path(argv[2]) / "report.html").string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "make_report: " << e.what() << "\n";
        return 1;
    }
}
