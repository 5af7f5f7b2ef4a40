# Installs the built tapegrad into a scratch prefix, then configures, builds and runs the consumer
# project against it.  cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DNATIVE=ON|OFF -P run.cmake
# A library built with -march=native is found only by a consumer that opts in (TAPEGRAD_NATIVE), so
# the consumer is first configured without opting in and must be refused with that hint.
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}")
  endif()
endfunction()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
if(NATIVE)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/refused -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(status EQUAL 0 OR NOT err MATCHES "set\\(TAPEGRAD_NATIVE ON\\)")
    message(FATAL_ERROR "a native tapegrad was found by a consumer that did not opt in (${status}): ${err}")
  endif()
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
  -DTAPEGRAD_NATIVE=${NATIVE})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
