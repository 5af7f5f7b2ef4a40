# Configures, builds and runs the parent project of CMakeLists.txt here, which pulls tapegrad in
# with add_subdirectory. The parent sets no build type (tapegrad must leave it empty), and
# find_package(CLI11) and find_package(doctest) are made to fail: the library needs neither.
#   cmake -DTAPEGRAD_SOURCE=... -DSOURCE_DIR=... -DWORK_DIR=... -P run.cmake
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}")
  endif()
endfunction()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -DTAPEGRAD_SOURCE=${TAPEGRAD_SOURCE} -DEXPECTED_BUILD_TYPE=
  -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR} --target consumer -j2)
run(${WORK_DIR}/consumer)
