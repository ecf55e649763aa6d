# bash completion for leadbook: commands, subcommands and each subcommand's
# options, all asked from the tool itself (leadbook --commands, leadbook help
# COMMAND SUBCOMMAND), so completion knows what the installed tool knows.

_leadbook() {
    local program=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # Values of the global options.
    case $prev in
        --db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --as-user | --fields) return ;;
    esac

    # The command and subcommand: the first words after the global options.
    local i=1 command="" subcommand="" at=0
    while ((i < COMP_CWORD)); do
        case ${COMP_WORDS[i]} in
            --db | --as-user | --fields) ((i += 2)); continue ;;
            -*) ((i += 1)); continue ;;
        esac
        if [[ -z $command ]]; then
            command=${COMP_WORDS[i]}
            at=$i
        elif [[ -z $subcommand && $i -eq $((at + 1)) ]]; then
            subcommand=${COMP_WORDS[i]}
        fi
        ((i += 1))
    done

    local commands
    commands=$("$program" --commands 2>/dev/null) || return
    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--db --json --fields --as-user --help --version --commands" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(cut -d' ' -f1 <<<"$commands" | sort -u)" -- "$cur"))
        fi
        return
    fi
    if [[ $command == help ]]; then
        if [[ -z $subcommand ]]; then
            COMPREPLY=($(compgen -W "$(cut -d' ' -f1 <<<"$commands" | sort -u)" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(awk -v g="$subcommand" '$1 == g && NF > 1 {print $2}' <<<"$commands")" -- "$cur"))
        fi
        return
    fi
    local subcommands
    subcommands=$(awk -v g="$command" '$1 == g && NF > 1 {print $2}' <<<"$commands")
    if [[ -z $subcommand && -n $subcommands ]]; then
        COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        local options
        options=$("$program" help "$command" $subcommand 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _leadbook leadbook
