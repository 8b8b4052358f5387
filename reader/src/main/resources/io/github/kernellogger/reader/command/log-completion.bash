
# What the log holds, offered as journalctl's completion offers it: after -u, the units of the
# records; after -t, their tags; after --container, the containers; after -F or --output-fields,
# the field names; in the arguments, NAME= for each field, and the values after it (TAG=<TAB>).
# They come from logger-reader itself (-N, -F FIELD), of the device or the saved log that the
# line names (--device, --file); anything else is picocli's completion of the options, above.

# The log's answer to "$@" (-N, or -F FIELD), one a line; nothing where it cannot be read.
_logger_reader_ask() {
  local source=() i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --file|--device) source+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}") ;;
      --file=*|--device=*) source+=("${COMP_WORDS[i]}") ;;
    esac
  done
  "${COMP_WORDS[0]}" "${source[@]}" -q --no-pager "$@" 2>/dev/null
}

# Offers the lines of $2.. that start with $1, as the word at the cursor is in COMP_WORDS (where
# bash split it at '=' or ':', only what follows the split).
_logger_reader_offer() {
  local typed=$1 shown=${COMP_WORDS[COMP_CWORD]} candidate
  shift
  local prefix=${typed%"$shown"}
  COMPREPLY=()
  for candidate in "$@"; do
    [[ $candidate == "$typed"* ]] && COMPREPLY+=("${candidate#"$prefix"}")
  done
}

_complete_logger-reader_with_the_log() {
  local line=${COMP_LINE:0:COMP_POINT}
  local typed=${line##*[[:space:]]}
  local previous=${COMP_WORDS[COMP_CWORD-1]} i
  [[ $previous == "=" ]] && previous=${COMP_WORDS[COMP_CWORD-2]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      stats|clear|jmx|forward|generate-completion) _complete_logger-reader; return ;;
    esac
  done
  local IFS=$'\n'
  case $previous in
    -u|--unit) _logger_reader_offer "$typed" $(_logger_reader_ask -F _SYSTEMD_UNIT); return ;;
    -t|--tag) _logger_reader_offer "$typed" $(_logger_reader_ask -F TAG; _logger_reader_ask -F _COMM); return ;;
    --container) _logger_reader_offer "$typed" $(_logger_reader_ask -F _CONTAINER_ID); return ;;
    -F|--field|--output-fields) _logger_reader_offer "$typed" $(_logger_reader_ask -N); return ;;
  esac
  if [[ $typed == *=* && $typed != -* ]]; then
    local field=${typed%%=*} value
    local values=()
    for value in $(_logger_reader_ask -F "$field"); do
      values+=("$field=$value")
    done
    _logger_reader_offer "$typed" "${values[@]}"
    return
  fi
  _complete_logger-reader
  if [[ $typed != -* ]]; then
    local name names=()
    for name in $(_logger_reader_ask -N); do
      names+=("$name=")
    done
    local picocli=("${COMPREPLY[@]}")
    _logger_reader_offer "$typed" "${names[@]}"
    COMPREPLY+=("${picocli[@]}")
    [[ ${#picocli[@]} -eq 0 && ${#COMPREPLY[@]} -gt 0 ]] && type compopt &>/dev/null && compopt -o nospace
  fi
}

complete -F _complete_logger-reader_with_the_log -o default logger-reader
