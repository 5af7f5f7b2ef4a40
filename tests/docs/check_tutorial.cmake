# Keeps docs/tutorial.md honest: runs one tutorial program and compares what it prints with the
# fenced block under its marker line in the tutorial,
#     <!-- output of examples/tutorial_NN_name -->
#     ```
#     ...the program's exact output...
#     ```
# Only trailing whitespace (at line ends and at the end) is ignored. A CMake script, so that the
# check needs nothing but cmake, which the build needs anyway.
#
#   cmake -DTUTORIAL=docs/tutorial.md -DCHAPTER=tutorial_01_scalar_gradient \
#         -DPROGRAM=build/examples/tutorial_01_scalar_gradient -P tests/docs/check_tutorial.cmake
#
# Add -DUPDATE=ON to write the program's output into the tutorial instead (then read the diff), or
# build the target update_tutorial to do it for every chapter.
#
# With -DEXAMPLES_DIR=<source folder of the examples> instead of CHAPTER and PROGRAM, it checks
# that every examples/tutorial_*.cpp has a marker in the tutorial and every marker a program, and
# that each program's chapter number is the one its heading and its first line give.

cmake_minimum_required(VERSION 3.20)

if(NOT TUTORIAL OR NOT EXISTS "${TUTORIAL}")
  message(FATAL_ERROR "check_tutorial: pass -DTUTORIAL=<path to docs/tutorial.md> (got '${TUTORIAL}')")
endif()
file(READ "${TUTORIAL}" doc)

# Trailing spaces at each line's end and trailing blank lines are not part of the comparison.
function(normalize text out)
  string(REGEX REPLACE "[ \t\r]+\n" "\n" text "${text}")
  string(REGEX REPLACE "[ \t\r\n]+$" "" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The number of the first line where a and b differ, and both versions of that line.
function(first_difference a b out)
  set(line 1)
  while(TRUE)
    string(FIND "${a}" "\n" ea)
    string(FIND "${b}" "\n" eb)
    if(ea EQUAL -1)
      set(la "${a}")
    else()
      string(SUBSTRING "${a}" 0 ${ea} la)
    endif()
    if(eb EQUAL -1)
      set(lb "${b}")
    else()
      string(SUBSTRING "${b}" 0 ${eb} lb)
    endif()
    if(NOT "${la}" STREQUAL "${lb}" OR ea EQUAL -1 OR eb EQUAL -1)
      set(${out} "line ${line} of the block:\n  tutorial: ${la}\n  program:  ${lb}" PARENT_SCOPE)
      return()
    endif()
    math(EXPR ea "${ea} + 1")
    math(EXPR eb "${eb} + 1")
    string(SUBSTRING "${a}" ${ea} -1 a)
    string(SUBSTRING "${b}" ${eb} -1 b)
    math(EXPR line "${line} + 1")
  endwhile()
endfunction()

# Mode 1: every tutorial program has a marker, and every marker a program.
if(EXAMPLES_DIR)
  file(GLOB sources "${EXAMPLES_DIR}/tutorial_*.cpp")
  set(problems "")
  foreach(source ${sources})
    get_filename_component(name "${source}" NAME_WE)
    string(FIND "${doc}" "<!-- output of examples/${name} -->" at)
    if(at EQUAL -1)
      string(APPEND problems "  examples/${name}.cpp has no '<!-- output of examples/${name} -->' block\n")
    endif()
  endforeach()
  # A chapter's number is in three places that must agree: its program's name (tutorial_NN_...),
  # the "## N." heading its output block sits under, and the program's first line ("Tutorial
  # chapter N"). Inserting a chapter means renumbering all three.
  foreach(source ${sources})
    get_filename_component(name "${source}" NAME_WE)
    string(REGEX REPLACE "^tutorial_0*([0-9]+)_.*" "\\1" number "${name}")
    string(FIND "${doc}" "<!-- output of examples/${name} -->" at)
    if(at EQUAL -1)
      continue()
    endif()
    string(SUBSTRING "${doc}" 0 ${at} before)
    string(FIND "${before}" "\n## " heading REVERSE)
    set(heading_number "none")
    if(NOT heading EQUAL -1)
      string(SUBSTRING "${before}" ${heading} -1 section)
      if(section MATCHES "^\n## ([0-9]+)\\.")
        set(heading_number "${CMAKE_MATCH_1}")
      endif()
    endif()
    if(NOT heading_number STREQUAL number)
      string(APPEND problems "  the output of examples/${name} sits under chapter ${heading_number}, not ${number}\n")
    endif()
    file(STRINGS "${source}" first_line LIMIT_COUNT 1)
    if(NOT first_line MATCHES "Tutorial chapter ${number} ")
      string(APPEND problems "  examples/${name}.cpp: its first line should say 'Tutorial chapter ${number} (docs/tutorial.md)'\n")
    endif()
  endforeach()
  string(REGEX MATCHALL "<!-- output of examples/[A-Za-z0-9_]+ -->" markers "${doc}")
  foreach(marker ${markers})
    string(REGEX REPLACE "<!-- output of examples/([A-Za-z0-9_]+) -->" "\\1" name "${marker}")
    if(NOT EXISTS "${EXAMPLES_DIR}/${name}.cpp")
      string(APPEND problems "  the tutorial shows the output of examples/${name}, but there is no examples/${name}.cpp\n")
    endif()
  endforeach()
  if(problems)
    message(FATAL_ERROR "check_tutorial: ${TUTORIAL} and the tutorial programs disagree:\n${problems}")
  endif()
  list(LENGTH sources count)
  message(STATUS "check_tutorial: ${count} tutorial programs, each with its output block")
  return()
endif()

# Mode 2: one chapter's program against its block.
if(NOT CHAPTER OR NOT PROGRAM)
  message(FATAL_ERROR "check_tutorial: pass -DCHAPTER=tutorial_NN_name and -DPROGRAM=<its executable>")
endif()
set(marker "<!-- output of examples/${CHAPTER} -->")
string(FIND "${doc}" "${marker}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "check_tutorial: ${TUTORIAL} has no line '${marker}' followed by a fenced block")
endif()
string(LENGTH "${marker}" marker_length)
math(EXPR after_marker "${at} + ${marker_length}")
string(SUBSTRING "${doc}" ${after_marker} -1 rest)
if(NOT rest MATCHES "^[ \t\r]*\n```[^\n]*\n")
  message(FATAL_ERROR "check_tutorial: in ${TUTORIAL}, the line after '${marker}' must open a ``` block")
endif()
string(LENGTH "${CMAKE_MATCH_0}" opening_length)
math(EXPR block_start "${after_marker} + ${opening_length}")
string(SUBSTRING "${doc}" ${block_start} -1 rest)
if(rest MATCHES "^```")
  set(block_length 0)  # an empty block
else()
  string(FIND "${rest}" "\n```" block_length)
  if(block_length EQUAL -1)
    message(FATAL_ERROR "check_tutorial: the block after '${marker}' is never closed with ```")
  endif()
  math(EXPR block_length "${block_length} + 1")  # keep the block's last newline
endif()
string(SUBSTRING "${rest}" 0 ${block_length} block)

execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "check_tutorial: ${PROGRAM} failed (${status}):\n${errors}")
endif()
normalize("${output}" actual)
normalize("${block}" shown)

if(UPDATE)
  if(NOT actual STREQUAL shown)
    string(SUBSTRING "${doc}" 0 ${block_start} before)
    math(EXPR block_end "${block_start} + ${block_length}")
    string(SUBSTRING "${doc}" ${block_end} -1 after)
    file(WRITE "${TUTORIAL}" "${before}${actual}\n${after}")
    message(STATUS "check_tutorial: updated the output of examples/${CHAPTER} in ${TUTORIAL}")
  endif()
  return()
endif()

if(NOT actual STREQUAL shown)
  first_difference("${shown}" "${actual}" where)
  set(saved "${CMAKE_CURRENT_BINARY_DIR}/${CHAPTER}.output.txt")
  file(WRITE "${saved}" "${output}")
  message(FATAL_ERROR "check_tutorial: examples/${CHAPTER} no longer prints what ${TUTORIAL} shows; "
                      "first difference at ${where}\n"
                      "Its whole output is in ${saved}. If the new output is right, update the tutorial "
                      "(cmake --build <build> --target update_tutorial) and check that the text around "
                      "the block still agrees with it.")
endif()
message(STATUS "check_tutorial: examples/${CHAPTER} prints exactly what the tutorial shows")
